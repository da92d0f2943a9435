import type { Caller } from "../../core/identity/caller.js";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { ConditionFacts } from "../authorize.js";
import type { RequestContext } from "../context.js";

type Facts = Record<string, string | boolean | number | Date | readonly string[] | undefined>;

const PRINCIPAL_TYPE: Readonly<Record<Caller["principalType"], string>> = { Root: "Account", User: "User", AssumedRole: "AssumedRole" };

/** The aws:* keys that every request carries, from the caller and the connection. */
export function globalConditionKeys(ctx: RequestContext): Facts {
  const { caller } = ctx;
  const facts: Facts = {
    // For a role session AWS reports the role's ARN here, not the session's.
    "aws:PrincipalArn": caller.roleArn ?? caller.principalArn,
    "aws:PrincipalAccount": caller.accountId,
    "aws:PrincipalType": PRINCIPAL_TYPE[caller.principalType],
    "aws:userid": caller.userId,
    "aws:username": caller.userName,
    "aws:SourceIp": ctx.sourceIp === "" ? undefined : ctx.sourceIp,
    "aws:CurrentTime": ctx.now,
    "aws:EpochTime": Math.floor(ctx.now.getTime() / 1000),
    "aws:SecureTransport": ctx.secureTransport,
    "aws:RequestedRegion": ctx.region,
    // Present for temporary credentials only, as in AWS: "Null aws:TokenIssueTime" tells
    // long-term keys apart, and "DateLessThan aws:TokenIssueTime" revokes older sessions.
    "aws:TokenIssueTime": caller.sessionIssuedAt,
    "aws:MultiFactorAuthPresent": caller.sessionIssuedAt !== undefined ? false : undefined,
    // Strongbox has no AWS service principals; its services do call each other on a caller's behalf.
    "aws:PrincipalIsAWSService": false,
    "aws:ViaAWSService": ctx.viaService !== undefined,
    "kms:ViaService": ctx.viaService,
    "kms:CallerAccount": caller.accountId,
  };
  for (const [tagKey, value] of Object.entries(caller.principalTags)) facts[`aws:PrincipalTag/${tagKey}`] = value;
  return facts;
}

/** The kms:* and aws:ResourceTag/* keys a KMS key brings to a request about it. */
export function keyConditionKeys(key: KmsKey): Facts {
  const facts: Facts = {
    "kms:KeySpec": key.keySpec,
    "kms:CustomerMasterKeySpec": key.keySpec,
    "kms:KeyUsage": key.keyUsage,
    "kms:KeyOrigin": key.origin,
    "kms:KeyManager": key.keyManager,
    "kms:MultiRegion": key.multiRegion,
  };
  for (const tag of key.tags) facts[`aws:ResourceTag/${tag.TagKey}`] = tag.TagValue;
  return facts;
}

/** kms:EncryptionContext:<k> for each pair, and kms:EncryptionContextKeys. */
export function encryptionContextKeys(context: EncryptionContext | undefined): Facts {
  if (context === undefined) return {};
  const facts: Facts = {};
  const keys = Object.keys(context);
  for (const name of keys) facts[`kms:EncryptionContext:${name}`] = context[name];
  facts["kms:EncryptionContextKeys"] = keys;
  return facts;
}

/** Merges fact sets, later ones winning: pass what the request claims first, what Strongbox knows last. */
export function mergeFacts(...sets: readonly (Facts | ConditionFacts | undefined)[]): Facts {
  const merged: Facts = Object.create(null) as Facts;
  for (const set of sets) if (set) Object.assign(merged, set);
  return merged;
}

/**
 * The condition keys of importing key material: kms:WrappingAlgorithm and kms:WrappingKeySpec
 * (GetParametersForImport), kms:ExpirationModel and kms:ValidTo (ImportKeyMaterial, epoch seconds; absent for
 * material that does not expire, as in AWS).
 */
export function importConditionKeys(request: {
  readonly wrappingAlgorithm?: string;
  readonly wrappingKeySpec?: string;
  readonly expirationModel?: string;
  readonly validTo?: Date | undefined;
}): Facts {
  const facts: Facts = {};
  if (request.wrappingAlgorithm !== undefined) facts["kms:WrappingAlgorithm"] = request.wrappingAlgorithm;
  if (request.wrappingKeySpec !== undefined) facts["kms:WrappingKeySpec"] = request.wrappingKeySpec;
  if (request.expirationModel !== undefined) facts["kms:ExpirationModel"] = request.expirationModel;
  // AWS compares kms:ValidTo with Numeric operators, in seconds since the epoch.
  if (request.validTo !== undefined) facts["kms:ValidTo"] = request.validTo.getTime() / 1000;
  return facts;
}
