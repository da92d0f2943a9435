import type { ParameterFacts } from "../../core/parameters/filters.js";
import type { ParametersDeps } from "./handler.js";
import type { ParameterHistoryView, ParameterMetadataView, ParameterView } from "../../core/parameters/operations.js";
import type { Parameter, ParameterVersion } from "../../core/parameters/parameter.js";
import { inlinePolicies } from "../../core/parameters/policies.js";
import { policyStatus, storedPolicies } from "../../core/parameters/policy-schedule.js";
import type { SecretText } from "../../core/secret-text.js";

/** The Parameter of GetParameter(s) and GetParametersByPath. */
export function parameterView(parameter: Parameter, version: ParameterVersion, value: string | SecretText, selector?: string): ParameterView {
  return {
    Name: parameter.name,
    Type: version.type,
    Value: value,
    Version: version.version,
    ...(selector !== undefined ? { Selector: selector } : {}),
    LastModifiedDate: version.createdAt,
    ARN: parameter.arn,
    DataType: version.dataType,
  };
}

/**
 * Policies are shown Pending until the sweep acts on them: a notification already told is
 * Finished (the parameter is gone once an Expiration is). A past version's are shown Pending.
 */
const policiesOf = (texts: readonly string[], told?: { readonly lastModified: number; readonly notified: readonly string[] }) => {
  const policies = storedPolicies(texts);
  return inlinePolicies(policies, told === undefined ? () => "Pending" : policyStatus(policies, told.lastModified, told.notified));
};

export function metadataView(parameter: Parameter): ParameterMetadataView {
  return {
    Name: parameter.name,
    ARN: parameter.arn,
    Type: parameter.type,
    ...(parameter.keyId !== undefined ? { KeyId: parameter.keyId } : {}),
    LastModifiedDate: parameter.lastModifiedAt,
    LastModifiedUser: parameter.lastModifiedUser,
    ...(parameter.description !== undefined ? { Description: parameter.description } : {}),
    ...(parameter.allowedPattern !== undefined ? { AllowedPattern: parameter.allowedPattern } : {}),
    Version: parameter.version,
    Tier: parameter.tier,
    Policies: policiesOf(parameter.policies, { lastModified: parameter.lastModifiedAt.getTime(), notified: parameter.notified }),
    DataType: parameter.dataType,
  };
}

export function historyView(parameter: Parameter, version: ParameterVersion, value: string | SecretText): ParameterHistoryView {
  return {
    Name: parameter.name,
    Type: version.type,
    ...(version.keyId !== undefined ? { KeyId: version.keyId } : {}),
    LastModifiedDate: version.createdAt,
    LastModifiedUser: version.lastModifiedUser,
    ...(version.description !== undefined ? { Description: version.description } : {}),
    Value: value,
    ...(version.allowedPattern !== undefined ? { AllowedPattern: version.allowedPattern } : {}),
    Version: version.version,
    Labels: version.labels,
    Tier: version.tier,
    Policies: policiesOf(version.policies),
    DataType: version.dataType,
  };
}

/** What the filters of GetParametersByPath and DescribeParameters see of a parameter; labels are the current version's. */
export async function factsOf(deps: Pick<ParametersDeps, "parameters">, parameter: Parameter, withLabels: boolean): Promise<ParameterFacts> {
  const labels = withLabels ? ((await deps.parameters.labels(parameter.arn)).find((entry) => entry.version === parameter.version)?.labels ?? []) : [];
  return {
    name: parameter.name,
    type: parameter.type,
    ...(parameter.keyId !== undefined ? { keyId: parameter.keyId } : {}),
    tier: parameter.tier,
    dataType: parameter.dataType,
    labels,
    tags: Object.fromEntries(parameter.tags.map((tag) => [tag.Key, tag.Value])),
  };
}
