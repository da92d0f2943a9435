import { ServiceError, fail } from "../../core/errors.js";
import { requireKeyState, USABLE } from "../../core/kms/key-state.js";
import type { GrantRecord } from "../../ports/grant-repository.js";
import { uniqueIdOf } from "../access/named-principals.js";
import type { KmsDeps } from "./deps.js";
import {
  constraintsOf,
  constraintType,
  grantOperations,
  issuingAccountArn,
  MAX_GRANTS_PER_KEY,
  refuseServicePrincipals,
  requireOperationsSupported,
  requirePrincipalArn,
} from "./grant-rules.js";
import { issueGrantToken, newGrantId, requireGrantTokensValid } from "./grant-tokens.js";
import type { KmsHandler } from "./handler.js";

/**
 * The unique id of the user or role a grant names, which the grant keeps so that a principal
 * created again under the name is not it (AWS binds grants to principals, not names). An account
 * root needs no pin. A principal that does not exist is refused, as AWS refuses it.
 */
async function pinOf(deps: Pick<KmsDeps, "principals">, member: string, arn: string): Promise<string | undefined> {
  const found = await deps.principals.describe(arn);
  if (found === undefined || (found.principalType === "User" && found.principalArn !== arn)) {
    throw new ServiceError("InvalidArnException", `${member} ARN does not refer to a valid principal: ${arn}`);
  }
  return found.principalType === "Root" ? undefined : uniqueIdOf(found);
}

export function makeCreateGrant(deps: Pick<KmsDeps, "grants" | "resolveKey" | "authorizeKey" | "randomBytes" | "principals">): KmsHandler<"CreateGrant"> {
  return async (input, ctx) => {
    refuseServicePrincipals(input);
    if (input.GranteePrincipal === undefined) {
      throw new ServiceError("ValidationException", "1 validation error detected: Value null at 'granteePrincipal' failed to satisfy constraint: Member must not be null");
    }
    requireGrantTokensValid(input.GrantTokens);
    requirePrincipalArn("GranteePrincipal", input.GranteePrincipal, ctx.partition);
    if (input.RetiringPrincipal !== undefined) requirePrincipalArn("RetiringPrincipal", input.RetiringPrincipal, ctx.partition);
    const constraints = constraintsOf(input.Constraints);
    const operations = grantOperations(input.Operations, constraints);

    const key = await deps.resolveKey(input.KeyId, ctx, { allowAlias: false, crossAccount: true });
    await deps.authorizeKey(ctx, {
      action: "kms:CreateGrant",
      key,
      // AWS evaluates kms:EncryptionContext:<k> and kms:EncryptionContextKeys against the grant's constraint.
      ...(constraints !== undefined ? { encryptionContext: constraints.encryptionContextEquals ?? constraints.encryptionContextSubset } : {}),
      conditions: {
        "kms:GrantOperations": operations,
        "kms:GranteePrincipal": input.GranteePrincipal,
        "kms:RetiringPrincipal": input.RetiringPrincipal,
        "kms:GrantIsForAWSResource": false,
        "kms:GrantConstraintType": constraintType(constraints),
      },
      ...(input.GrantTokens !== undefined ? { grantTokens: input.GrantTokens } : {}),
      childGrant: { operations, ...(constraints !== undefined ? { constraints } : {}) },
    });
    // AWS's key-state table: CreateGrant needs an Enabled key (DisabledException, or
    // KMSInvalidStateException when pending deletion).
    requireKeyState(key, USABLE);
    requireOperationsSupported(key, operations);
    // Only after the caller may create grants on the key: the lookups say which principals exist.
    const granteePin = await pinOf(deps, "GranteePrincipal", input.GranteePrincipal);
    const retiringPin = input.RetiringPrincipal !== undefined ? await pinOf(deps, "RetiringPrincipal", input.RetiringPrincipal) : undefined;
    if (input.DryRun) throw fail.dryRun();

    const grant: GrantRecord = {
      key: { accountId: key.accountId, region: key.region, keyId: key.keyId },
      grantId: newGrantId(deps.randomBytes),
      ...(input.Name !== undefined ? { name: input.Name } : {}),
      granteePrincipal: input.GranteePrincipal,
      ...(granteePin !== undefined ? { granteePin } : {}),
      ...(input.RetiringPrincipal !== undefined ? { retiringPrincipal: input.RetiringPrincipal } : {}),
      ...(retiringPin !== undefined ? { retiringPin } : {}),
      issuingAccount: issuingAccountArn(ctx.partition, ctx.caller.accountId),
      operations,
      ...(constraints !== undefined ? { constraints } : {}),
      createdAt: ctx.now,
    };
    const created = await deps.grants.create(grant, MAX_GRANTS_PER_KEY);
    switch (created.outcome) {
      case "key-gone":
        throw new ServiceError("KMSInvalidStateException", `${key.arn} is pending deletion.`);
      case "key-limit":
        throw new ServiceError("LimitExceededException", `${key.arn} already has ${MAX_GRANTS_PER_KEY} grants, the most a KMS key can have.`);
      default:
        // A named retry ("existing") gets the original grant id and a token of its own.
        return { GrantId: created.grant.grantId, GrantToken: issueGrantToken({ keyArn: key.arn, grantId: created.grant.grantId }, deps.randomBytes) };
    }
  };
}
