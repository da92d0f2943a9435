import { ServiceError } from "../errors.js";

/**
 * Parameter tiers: which tier a PutParameter gets, and the value-size and policy limits of each.
 * Source: docs/research/ssm-parameter-store-reference.md §2.6, §2.5 (sizes), §2.10 (policies).
 */
export type ParameterTier = "Standard" | "Advanced";
export type RequestedTier = ParameterTier | "Intelligent-Tiering";

export const TIER_LIMITS = Object.freeze({
  Standard: { maxValueBytes: 4096, maxParameters: 10_000, policies: false },
  Advanced: { maxValueBytes: 8192, maxParameters: 100_000, policies: true },
} as const);

/** Real AWS text (Terraform log with a request id). */
export const STANDARD_VALUE_TOO_LARGE_MESSAGE =
  "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html";
/** AWS's text is unverified; Strongbox's own, in the style of the Standard one. */
export const ADVANCED_VALUE_TOO_LARGE_MESSAGE = "Advanced tier parameters support a maximum parameter value of 8192 characters.";
/** Real AWS text, the newer and longer form (CloudFormation-surfaced). */
export const DOWNGRADE_MESSAGE =
  "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter. Be aware that standard parameters have a value limit of 4096 characters.";
/** AWS's type and text are unverified; Strongbox refuses with ValidationException. */
export const STANDARD_POLICIES_MESSAGE =
  "Parameter policies are supported only for parameters in the advanced-parameter tier. To use parameter policies, upgrade the parameter to use the advanced-parameter tier.";
/** Real AWS text (ParameterLimitExceeded). */
export const STANDARD_QUOTA_MESSAGE =
  "You have reached the maximum number of standard parameters for this AWS account and Region (10000). To add more parameters, either delete existing parameters or upgrade to the advanced-parameter tier (charges apply).";
/** AWS's text is unverified; Strongbox's own, in the style of the Standard one. */
export const ADVANCED_QUOTA_MESSAGE =
  "You have reached the maximum number of advanced parameters for this AWS account and Region (100000). To add more parameters, delete existing parameters.";

export interface TierRequest {
  /** The request's Tier, if it has one. */
  readonly requested?: RequestedTier;
  /** The account's default-tier setting (`/ssm/parameter-store/default-parameter-tier`; AWS's default: Standard). */
  readonly defaultTier: RequestedTier;
  /** The tier of the parameter being overwritten; absent on create. */
  readonly existing?: ParameterTier;
  /** The value's size in UTF-8 bytes (AWS says characters; bytes are the stricter reading and KMS's own limit). */
  readonly valueBytes: number;
  /** Whether the parameter will carry policies after this request (new ones, or kept ones). */
  readonly hasPolicies: boolean;
  /** Parameters of each tier the account and Region already have (for the quota on create and Intelligent-Tiering). */
  readonly counts: { readonly Standard: number; readonly Advanced: number };
}

/**
 * The tier the parameter ends up with, or AWS's refusal. Without a Tier in the request an existing
 * parameter keeps its tier (an Advanced one must, or every such overwrite would fail); only a
 * default setting of Intelligent-Tiering may move an existing Standard parameter up.
 */
export function resolveTier(request: TierRequest): ParameterTier {
  const wanted = request.requested ?? implicitTier(request);
  const tier = wanted === "Intelligent-Tiering" ? intelligentTier(request) : wanted;
  if (request.existing === "Advanced" && tier === "Standard") throw new ServiceError("ValidationException", DOWNGRADE_MESSAGE);
  const limits = TIER_LIMITS[tier];
  if (request.valueBytes > limits.maxValueBytes) {
    throw new ServiceError("ValidationException", tier === "Standard" ? STANDARD_VALUE_TOO_LARGE_MESSAGE : ADVANCED_VALUE_TOO_LARGE_MESSAGE);
  }
  if (request.hasPolicies && !limits.policies) throw new ServiceError("ValidationException", STANDARD_POLICIES_MESSAGE);
  // The quota counts parameters, not versions: an overwrite that keeps the tier adds none.
  if (request.existing !== tier && request.counts[tier] >= limits.maxParameters) {
    throw new ServiceError("ParameterLimitExceeded", tier === "Standard" ? STANDARD_QUOTA_MESSAGE : ADVANCED_QUOTA_MESSAGE);
  }
  return tier;
}

function implicitTier(request: TierRequest): RequestedTier {
  if (request.existing === undefined) return request.defaultTier;
  if (request.existing === "Standard" && request.defaultTier === "Intelligent-Tiering") return "Intelligent-Tiering";
  return request.existing;
}

/** Standard unless the request needs Advanced: a value over 4 KB, a policy, or the Standard quota reached [D]. */
function intelligentTier(request: TierRequest): ParameterTier {
  if (request.existing === "Advanced") return "Advanced";
  const needsAdvanced =
    request.valueBytes > TIER_LIMITS.Standard.maxValueBytes ||
    request.hasPolicies ||
    (request.existing === undefined && request.counts.Standard >= TIER_LIMITS.Standard.maxParameters);
  return needsAdvanced ? "Advanced" : "Standard";
}
