import type { SecretsDeps, SecretsHandler } from "./handler.js";
import { pageOf } from "./page-token.js";
import { loadSecret } from "./secret-access.js";
import { stagesOf } from "./secret-views.js";

/** What ListSecretVersionIds shows for a version encrypted under the account's aws/secretsmanager key. */
const DEFAULT_KEY = "DefaultEncryptionKey";
const DEFAULT_MAX_RESULTS = 100;

/** ListSecretVersionIds: labelled versions oldest first; unlabelled (deprecated) ones only when asked. */
export function makeListSecretVersionIds(deps: Pick<SecretsDeps, "secrets" | "authorize">): SecretsHandler<"ListSecretVersionIds"> {
  return async (input, ctx) => {
    const secret = await loadSecret(deps, ctx, "secretsmanager:ListSecretVersionIds", input.SecretId, { allowDeleted: true });
    const versions = (await deps.secrets.versions(secret.arn))
      .map((version) => ({ version, stages: stagesOf(secret, version.versionId) }))
      .filter(({ stages }) => input.IncludeDeprecated === true || stages.length > 0);
    const { page, nextToken } = pageOf(`ListSecretVersionIds/${secret.arn}`, versions, input.NextToken, input.MaxResults ?? DEFAULT_MAX_RESULTS);
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.map(({ version, stages }) => ({
        VersionId: version.versionId,
        ...(stages.length > 0 ? { VersionStages: stages } : {}),
        ...(version.lastAccessedAt !== undefined ? { LastAccessedDate: version.lastAccessedAt } : {}),
        CreatedDate: version.createdAt,
        // An empty version (a rotation's placeholder) has no data key yet.
        KmsKeyIds: version.kmsKeyArn === undefined ? [] : [version.defaultKey === true ? DEFAULT_KEY : version.kmsKeyArn],
      })),
      ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
    };
  };
}
