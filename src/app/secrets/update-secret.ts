import type { Secret, SecretVersion } from "../../core/secrets/secret.js";
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, labelsForNewVersion } from "../../core/secrets/stages.js";
import type { RequestContext } from "../context.js";
import { requireKeyRef } from "./create-secret.js";
import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { changeSecret } from "./secret-access.js";
import { secretFails } from "./secret-errors.js";
import { disposeValue, openVersion, sealVersion, valueOf } from "./secret-values.js";
import { pruneVersions } from "./version-retention.js";

/** The versions UpdateSecret moves to a new key: those labelled AWSCURRENT, AWSPENDING or AWSPREVIOUS (AWS's rule). */
const RESEALED_STAGES = [AWSCURRENT, AWSPENDING, AWSPREVIOUS];

async function resealUnder(deps: Pick<SecretsDeps, "secrets" | "kms" | "randomBytes">, ctx: RequestContext, secret: Secret, next: Secret): Promise<SecretVersion[]> {
  const ids = new Set(RESEALED_STAGES.map((stage) => secret.stages.get(stage)).filter((id): id is string => id !== undefined));
  const resealed: SecretVersion[] = [];
  for (const versionId of ids) {
    const version = await deps.secrets.version(secret.arn, versionId);
    if (version === undefined || version.kind === "empty") continue;
    const value = await openVersion(deps, ctx, secret.arn, version);
    try {
      const sealed = await sealVersion(deps, ctx, next, versionId, { kind: version.kind as "string" | "binary", bytes: value });
      resealed.push({ ...sealed, createdAt: version.createdAt });
    } finally {
      value.dispose();
    }
  }
  return resealed;
}

/**
 * UpdateSecret: description, KMS key (the labelled versions are re-encrypted under the new key,
 * "" meaning the default key again) and, with a value, a new AWSCURRENT version.
 */
export function makeUpdateSecret(deps: Pick<SecretsDeps, "secrets" | "authorize" | "kms" | "randomBytes">): SecretsHandler<"UpdateSecret"> {
  return async (input, ctx) => {
    try {
      const value = valueOf(input);
      const token = input.ClientRequestToken;
      if (value !== undefined && token === undefined) throw secretFails.tokenRequired();
      if (input.KmsKeyId !== undefined && input.KmsKeyId !== "") requireKeyRef(input.KmsKeyId);
      const conditions = {
        ...(input.Description !== undefined ? { "secretsmanager:Description": input.Description } : {}),
        ...(input.KmsKeyId !== undefined ? { "secretsmanager:KmsKeyId": input.KmsKeyId } : {}),
      };
      const result = await changeSecret(deps, ctx, "secretsmanager:UpdateSecret", input.SecretId, async (secret) => {
        const kmsKeyId = input.KmsKeyId === undefined ? secret.kmsKeyId : input.KmsKeyId === "" ? undefined : input.KmsKeyId;
        const { kmsKeyId: _old, description: _oldDescription, ...rest } = secret;
        let next: Secret = {
          ...rest,
          ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
          ...((input.Description ?? secret.description) !== undefined ? { description: input.Description ?? secret.description } : {}),
          lastChangedAt: ctx.now,
        };
        const reencrypted = kmsKeyId !== secret.kmsKeyId ? await resealUnder(deps, ctx, secret, next) : [];
        let newVersion: SecretVersion | undefined;
        if (value !== undefined) {
          if ((await deps.secrets.version(secret.arn, token!)) !== undefined) throw secretFails.versionExists();
          newVersion = await sealVersion(deps, ctx, next, token!, value);
          next = { ...next, stages: labelsForNewVersion(secret.stages, token!) };
        }
        return {
          next,
          write: { ...(newVersion !== undefined ? { newVersion } : {}), reencrypted },
          result: { ARN: secret.arn, Name: secret.name, ...(newVersion !== undefined ? { VersionId: newVersion.versionId } : {}) },
        };
      }, { conditions });
      if (value !== undefined) await pruneVersions(deps, ctx, result.ARN);
      return result;
    } finally {
      disposeValue(input);
    }
  };
}
