import { accessKeySecretIdentity, type Barrier } from "../../core/barrier.js";
import { ServiceError } from "../../core/errors.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import type { CredentialRepository } from "../../ports/credential-repository.js";
import type { IamRepository } from "../../ports/iam-repository.js";
import type { AuthorizeAccess } from "../authorize.js";
import type { RequestContext } from "../context.js";
import { IamError } from "../iam/errors.js";
import { resourceTagConditions } from "../iam/rules.js";
import { generateAccessKey } from "../identity/bootstrap-admin.js";
import { assumedRoleArn, roleArn } from "../identity/principals.js";
import { sessionTokenHash } from "../identity/session-token.js";
import type { StsInputs, StsOutputs } from "./model.js";

export interface AssumeRoleDeps {
  readonly iam: Pick<IamRepository, "getRole">;
  readonly credentials: Pick<CredentialRepository, "createSession" | "purgeSessions">;
  readonly barrier: () => Barrier;
  readonly randomBytes: (length: number) => Buffer;
  readonly authorize: AuthorizeAccess;
}

/** arn:<partition>:iam::<account>:role<path><name>, the path "/" or "/a/b/". */
const ROLE_ARN = /^arn:([a-z-]+):iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]{1,64})$/;
/** AWS limits a session reached by role chaining (a role session assuming a role) to one hour. */
const CHAINED_SESSION_MAX_SECONDS = 3600;
const DEFAULT_DURATION_SECONDS = 3600;
/** Expired sessions are kept a while, so their use is answered ExpiredToken rather than "unknown". */
const EXPIRED_SESSION_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PURGE_BATCH = 100;
const SESSION_TOKEN_BYTES = 128;

/**
 * Temporary credentials for a role. The role's trust policy (and, across accounts, the caller's
 * own identity policies) must allow sts:AssumeRole: the policy gate decides, given the facts.
 * The secret is stored as a sealed box and the session token only as its SHA-256.
 */
export function makeAssumeRole(deps: AssumeRoleDeps): (input: StsInputs["AssumeRole"], ctx: RequestContext) => Promise<StsOutputs["AssumeRole"]> {
  return async (input, ctx) => {
    const { caller } = ctx;
    const denied = () =>
      new ServiceError("AccessDeniedException", `User: ${caller.principalArn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    // AWS: "Roles may not be assumed by root accounts."
    if (caller.principalType === "Root") throw new ServiceError("AccessDeniedException", "Roles may not be assumed by root accounts.");
    const parts = ROLE_ARN.exec(input.RoleArn);
    if (parts === null || parts[1] !== ctx.partition) throw new IamError("ValidationError", `${input.RoleArn} is not a valid role ARN: it must look like arn:${ctx.partition}:iam::<account>:role/<name>`);
    const [, , accountId, path, roleName] = parts as unknown as [string, string, string, string, string];
    const role = await deps.iam.getRole(accountId, roleName);
    // A role that does not exist is denied in the same words as one that may not be assumed.
    if (role === undefined || role.path !== path) throw denied();
    const arn = roleArn(ctx.partition, role.accountId, role.path, role.roleName);
    await deps.authorize(ctx, {
      action: "sts:AssumeRole",
      resource: arn,
      resourceAccountId: role.accountId,
      resourcePolicy: role.assumeRolePolicyDocument,
      resourcePolicyPins: role.trustPolicyPins,
      conditions: {
        ...resourceTagConditions(role.tags),
        "sts:RoleSessionName": input.RoleSessionName,
        ...(input.ExternalId !== undefined ? { "sts:ExternalId": input.ExternalId } : {}),
      },
    });
    const duration = input.DurationSeconds ?? DEFAULT_DURATION_SECONDS;
    if (caller.principalType === "AssumedRole" && duration > CHAINED_SESSION_MAX_SECONDS) {
      throw new IamError("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }
    if (duration > role.maxSessionDuration) throw new IamError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");

    await deps.credentials.purgeSessions(new Date(ctx.now.getTime() - EXPIRED_SESSION_RETENTION_MS), PURGE_BATCH);
    const { accessKeyId, secretAccessKey } = generateAccessKey(deps.randomBytes, "ASIA");
    const tokenBytes = deps.randomBytes(SESSION_TOKEN_BYTES);
    const token = tokenBytes.toString("base64");
    tokenBytes.fill(0);
    const expiresAt = new Date(ctx.now.getTime() + duration * 1000);
    try {
      const created = await deps.credentials.createSession({
        accessKeyId,
        accountId: role.accountId,
        roleId: role.roleId,
        sessionName: input.RoleSessionName,
        wrappedSecret: deps.barrier().seal(secretAccessKey, accessKeySecretIdentity(accessKeyId)),
        tokenHash: sessionTokenHash(token),
        createdAt: ctx.now,
        expiresAt,
      });
      if (!created) throw denied();
    } catch (error) {
      secretAccessKey.dispose();
      throw error;
    }
    return {
      Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: SecretBytes.fromUtf8(token), Expiration: expiresAt },
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: assumedRoleArn(ctx.partition, role.accountId, role.roleName, input.RoleSessionName) },
    };
  };
}
