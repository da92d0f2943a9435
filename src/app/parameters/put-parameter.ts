import { ServiceError } from "../../core/errors.js";
import { parseKeyRef } from "../../core/kms/identifiers.js";
import { parameterArn, validateParameterName } from "../../core/parameters/names.js";
import type { Parameter, ParameterVersion } from "../../core/parameters/parameter.js";
import { parsePolicies } from "../../core/parameters/policies.js";
import { currentNotified, nextPolicyCheck, storedPolicies } from "../../core/parameters/policy-schedule.js";
import { resolveTier } from "../../core/parameters/tiers.js";
import { checkAllowedPattern, checkNoNestedReference, nextVersion, resolveDataType, resolveType, versionsToDrop } from "../../core/parameters/versions.js";
import type { ParametersDeps, ParametersHandler } from "./handler.js";
import { requestTagFacts } from "../../core/policy/tag-facts.js";
import { authorizeParameter, scopeOf, tooManyUpdates } from "./parameter-access.js";
import { DEFAULT_PARAMETER_KEY, sealParameterVersionValue } from "./parameter-values.js";
import { mergeTags } from "./parameter-tags.js";

const MAX_ATTEMPTS = 5;

/** 1 to 2^40: far below Number.MAX_SAFE_INTEGER however many writes follow. */
function initialRevision(randomBytes: (n: number) => Buffer): number {
  const bytes = randomBytes(5);
  const value = bytes.readUIntBE(0, 5);
  bytes.fill(0);
  return value + 1;
}
/** Real AWS text (botocore traceback in getmoto/moto#4283). */
export const TAGS_WITH_OVERWRITE_MESSAGE =
  "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.";
/** Real AWS text (several sources, docs/research/ssm-parameter-store-reference.md §4.1). */
export const ALREADY_EXISTS_MESSAGE = "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.";

function checkKeyId(keyId: string): void {
  try {
    parseKeyRef(keyId);
  } catch {
    throw new ServiceError("InvalidKeyId", `Invalid keyId ${keyId}`);
  }
}

/**
 * PutParameter: version 1 of a new parameter, or (Overwrite) version n+1 of an existing one, which
 * keeps what the request leaves out (type, key, description, pattern, data type, policies).
 */
export function makePutParameter(deps: Pick<ParametersDeps, "authorize" | "parameters" | "kms" | "randomBytes" | "defaultTier" | "matchPattern">): ParametersHandler<"PutParameter"> {
  return async (input, ctx) => {
    try {
      const name = validateParameterName(scopeOf(ctx), input.Name);
      const arn = parameterArn(scopeOf(ctx), name);
      const existingForAuth = await deps.parameters.get(arn);
      // AWS's condition keys for PutParameter ("true"/"false" strings, as its guide's policies test them).
      const conditions = {
        "ssm:Overwrite": String(input.Overwrite === true),
        "ssm:Policies": String(input.Policies !== undefined),
        ...(input.Tags !== undefined ? requestTagFacts(input.Tags) : {}),
      };
      await authorizeParameter(deps, ctx, "ssm:PutParameter", arn, existingForAuth, conditions);
      if (input.Tags !== undefined && input.Overwrite === true) throw new ServiceError("ValidationException", TAGS_WITH_OVERWRITE_MESSAGE);
      if (input.Tags !== undefined && input.Tags.length > 0) await authorizeParameter(deps, ctx, "ssm:AddTagsToResource", arn, existingForAuth, requestTagFacts(input.Tags));
      const tags = mergeTags([], input.Tags ?? []);
      if (input.KeyId !== undefined) checkKeyId(input.KeyId);
      const requestedPolicies = input.Policies === undefined ? undefined : parsePolicies(input.Policies, ctx.now.getTime());
      checkNoNestedReference(input.Value);

      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const existing = await deps.parameters.get(arn);
        if (existing !== undefined && input.Overwrite !== true) throw new ServiceError("ParameterAlreadyExists", ALREADY_EXISTS_MESSAGE);
        const type = resolveType(existing?.type, input.Type, input.KeyId);
        const policies = requestedPolicies ?? storedPolicies(existing?.policies ?? []);
        const tier = resolveTier({
          ...(input.Tier !== undefined ? { requested: input.Tier } : {}),
          defaultTier: deps.defaultTier,
          ...(existing !== undefined ? { existing: existing.tier } : {}),
          valueBytes: input.Value.length,
          hasPolicies: policies.length > 0,
          counts: await deps.parameters.counts(ctx.caller.accountId, ctx.region),
        });
        const allowedPattern = input.AllowedPattern !== undefined ? (input.AllowedPattern === "" ? undefined : input.AllowedPattern) : existing?.allowedPattern;
        checkAllowedPattern(allowedPattern, input.Value, deps.matchPattern);
        const dataType = resolveDataType(input.DataType ?? existing?.dataType, type, input.Value);
        const description = input.Description ?? existing?.description;
        const keyId = type === "SecureString" ? (input.KeyId ?? existing?.keyId ?? DEFAULT_PARAMETER_KEY) : undefined;
        const labels = existing === undefined ? [] : await deps.parameters.labels(arn);
        const dropVersions = existing === undefined ? [] : versionsToDrop(labels, name);
        const number = nextVersion(existing?.version);
        const value =
          type === "SecureString"
            ? await sealParameterVersionValue(deps, ctx, arn, keyId!, number, input.Value)
            : { plainValue: input.Value.use((bytes) => bytes.toString("utf8")) };
        const common = {
          type,
          ...(keyId !== undefined ? { keyId } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(allowedPattern !== undefined ? { allowedPattern } : {}),
          tier,
          dataType,
          policies: policies.map((policy) => policy.text),
        };
        const version: ParameterVersion = { ...common, version: number, createdAt: ctx.now, lastModifiedUser: ctx.caller.principalArn, ...value, labels: [] };
        // A new version re-anchors the notifications: keys of events that can no longer fire are dropped.
        const notified = currentNotified(policies, ctx.now.getTime(), existing?.notified ?? []);
        const dueAt = nextPolicyCheck(policies, ctx.now.getTime(), notified);
        const parameter: Parameter = {
          ...common,
          arn,
          accountId: ctx.caller.accountId,
          region: ctx.region,
          name: existing?.name ?? name,
          tags: existing?.tags ?? tags,
          version: number,
          lastModifiedAt: ctx.now,
          lastModifiedUser: ctx.caller.principalArn,
          notified,
          ...(dueAt !== undefined ? { policyDueAt: new Date(dueAt) } : {}),
          // A new parameter starts at a random revision: one deleted and made again under the same
          // name (the ARN is the name) must not accept a write decided on the old one.
          revision: existing !== undefined ? existing.revision + 1 : initialRevision(deps.randomBytes),
        };
        const written =
          existing === undefined
            ? await deps.parameters.create(parameter, version)
            : await deps.parameters.update(parameter, { newVersion: version, dropVersions, labels: labels.filter((entry) => !dropVersions.includes(entry.version)) });
        if (written) return { Version: number, Tier: tier };
        if (existing === undefined && input.Overwrite !== true) throw new ServiceError("ParameterAlreadyExists", ALREADY_EXISTS_MESSAGE);
      }
      throw tooManyUpdates();
    } finally {
      input.Value.dispose();
    }
  };
}
