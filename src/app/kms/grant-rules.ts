import { ServiceError } from "../../core/errors.js";
import type { Caller } from "../../core/identity/caller.js";
import { uniqueIdOf } from "../access/named-principals.js";
import { EMPTY_CONTEXT, type EncryptionContext } from "../../core/kms/encryption-context.js";
import { keyArn } from "../../core/kms/identifiers.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { GrantConstraintsView, GrantListEntryView } from "../../core/kms/operations.js";
import type { GrantConstraints, GrantPage, GrantRecord } from "../../ports/grant-repository.js";
import { decodeMarker, encodeMarker } from "./pagination.js";

/** AWS quota: grants per KMS key. */
export const MAX_GRANTS_PER_KEY = 50_000;
/** "Each constraint value can include up to 8 encryption context pairs ... cannot exceed 384 characters" (API reference). */
export const MAX_CONSTRAINT_PAIRS = 8;
export const MAX_CONSTRAINT_VALUE_LENGTH = 384;

/** Grant operations whose requests carry an encryption context: the ones grant constraints apply to. */
const ENCRYPTION_CONTEXT_OPERATIONS: ReadonlySet<string> = new Set([
  "Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
  "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
]);
/** A constrained grant may also allow these; the constraint does not apply to them (CreateGrant: see grantAllowsChildGrant). */
const CONSTRAINT_NEUTRAL_OPERATIONS: ReadonlySet<string> = new Set(["DescribeKey", "RetireGrant", "CreateGrant"]);
/** What a grant on a symmetric encryption key may allow: no Sign, Verify, GetPublicKey, MAC, key agreement or KEM. */
const SYMMETRIC_ENCRYPTION_OPERATIONS: ReadonlySet<string> = new Set([...ENCRYPTION_CONTEXT_OPERATIONS, ...CONSTRAINT_NEUTRAL_OPERATIONS]);

const NAME = String.raw`[\w+=,.@-]+`;
const PRINCIPAL_ARN = new RegExp(
  String.raw`^arn:([a-z0-9-]+):(?:iam::(\d{12}):(?:root|(?:user|role)/(?:${NAME}/)*${NAME})|sts::(\d{12}):(?:assumed-role/${NAME}/${NAME}|federated-user/${NAME}))$`,
);

/**
 * The account of an IAM or STS principal ARN (account root, user, role, assumed-role session,
 * federated user) in `partition`, or undefined for anything else: a bare account id, a service
 * principal, another partition.
 */
export function principalAccount(principal: string, partition: string): string | undefined {
  const match = PRINCIPAL_ARN.exec(principal);
  if (match === null || match[1] !== partition) return undefined;
  return match[2] ?? match[3];
}

export function requirePrincipalArn(member: string, principal: string, partition: string): string {
  const account = principalAccount(principal, partition);
  if (account === undefined) {
    throw new ServiceError(
      "InvalidArnException",
      `${member} '${principal}' is not the ARN of an account root, IAM user, IAM role, assumed-role session or federated user.`,
    );
  }
  return account;
}

export function issuingAccountArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

/** The one encryption-context constraint of a CreateGrant request, after AWS's checks on it. */
export function constraintsOf(view: GrantConstraintsView | undefined): GrantConstraints | undefined {
  if (view === undefined) return undefined;
  const { EncryptionContextEquals: equals, EncryptionContextSubset: subset } = view;
  if (equals !== undefined && subset !== undefined) throw new ServiceError("ValidationException", "More than one constraint supplied");
  const context = equals ?? subset;
  if (context === undefined) return undefined;
  const entries = Object.entries(context);
  if (entries.length > MAX_CONSTRAINT_PAIRS) {
    throw new ServiceError("ValidationException", `A grant constraint can have at most ${MAX_CONSTRAINT_PAIRS} encryption context pairs.`);
  }
  if (entries.some(([, value]) => value.length > MAX_CONSTRAINT_VALUE_LENGTH)) {
    throw new ServiceError("ValidationException", `An encryption context value in a grant constraint can have at most ${MAX_CONSTRAINT_VALUE_LENGTH} characters.`);
  }
  return equals !== undefined ? { encryptionContextEquals: equals } : { encryptionContextSubset: context };
}

export function constraintType(constraints: GrantConstraints | undefined): "EncryptionContextEquals" | "EncryptionContextSubset" | undefined {
  if (constraints?.encryptionContextEquals !== undefined) return "EncryptionContextEquals";
  if (constraints?.encryptionContextSubset !== undefined) return "EncryptionContextSubset";
  return undefined;
}

/** The operations of a CreateGrant request, without repeats, checked against the constraints. */
export function grantOperations(operations: readonly string[], constraints: GrantConstraints | undefined): string[] {
  const unique = [...new Set(operations)];
  // The message AWS answers with (observed): a grant that can only make more grants is refused.
  if (unique.length === 1 && unique[0] === "CreateGrant") throw new ServiceError("ValidationException", "Grants must not contain only the CreateGrant operation.");
  if (constraints !== undefined) {
    const unconstrainable = unique.filter((op) => !ENCRYPTION_CONTEXT_OPERATIONS.has(op) && !CONSTRAINT_NEUTRAL_OPERATIONS.has(op));
    if (unconstrainable.length > 0) {
      throw new ServiceError("ValidationException", `Encryption context grant constraints are not supported for the grant operations: ${unconstrainable.join(", ")}.`);
    }
  }
  return unique;
}

/** The grant operations each kind of key supports, beyond DescribeKey, CreateGrant and RetireGrant. */
const OPERATIONS_BY_USAGE: Readonly<Record<KmsKey["keyUsage"], readonly string[]>> = {
  ENCRYPT_DECRYPT: ["Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo"],
  SIGN_VERIFY: ["Sign", "Verify", "GetPublicKey"],
  GENERATE_VERIFY_MAC: ["GenerateMac", "VerifyMac"],
  KEY_AGREEMENT: ["DeriveSharedSecret", "GetPublicKey"],
  ENCAPSULATE_DECAPSULATE: ["Encapsulate", "Decapsulate", "GetPublicKey"],
};

function supportedOperations(key: KmsKey): ReadonlySet<string> {
  if (key.keySpec === "SYMMETRIC_DEFAULT") return SYMMETRIC_ENCRYPTION_OPERATIONS;
  const extra = key.keyUsage === "ENCRYPT_DECRYPT" ? ["GetPublicKey"] : [];
  return new Set([...CONSTRAINT_NEUTRAL_OPERATIONS, ...OPERATIONS_BY_USAGE[key.keyUsage], ...extra]);
}

/** A grant may allow only operations the key supports (ValidationException, as the API reference says). */
export function requireOperationsSupported(key: KmsKey, operations: readonly string[]): void {
  const supported = supportedOperations(key);
  const unsupported = operations.filter((op) => !supported.has(op));
  if (unsupported.length > 0) {
    throw new ServiceError("ValidationException", `The grant operations ${unsupported.join(", ")} are not valid for ${key.arn}: its key spec is ${key.keySpec} and its key usage ${key.keyUsage}.`);
  }
}

/**
 * Whether `principal` names the caller: the exact ARN, or a role whose session the caller is, and
 * (when the grant pinned it) still the same user or role, not one created again under the name.
 */
export function principalMatches(principal: string, pin: string | undefined, caller: Caller): boolean {
  const named = principal === caller.principalArn || (caller.roleArn !== undefined && principal === caller.roleArn);
  return named && (pin === undefined || (caller.principalType !== "Root" && uniqueIdOf(caller) === pin));
}

/**
 * Whether the grant's grantee is the caller: exact ARN; a role ARN also matches every session of
 * that role (caller.roleArn); an account root ARN matches only that account's root user.
 */
export function granteeMatches(grant: GrantRecord, caller: Caller): boolean {
  return principalMatches(grant.granteePrincipal, grant.granteePin, caller);
}

/**
 * Grant-constraint comparison: the API reference warns that a constraint's keys are not case
 * sensitive while its values are; the request's own context is compared case-sensitively elsewhere.
 */
const hasPair = (context: EncryptionContext, key: string, value: string): boolean =>
  Object.entries(context).some(([k, v]) => v === value && k.toLowerCase() === key.toLowerCase());
const includesAll = (context: EncryptionContext, required: EncryptionContext): boolean =>
  Object.entries(required).every(([k, v]) => hasPair(context, k, v));
const sameContext = (a: EncryptionContext, b: EncryptionContext): boolean =>
  Object.keys(a).length === Object.keys(b).length && includesAll(a, b) && includesAll(b, a);

/**
 * Whether the grant allows `operation` (a grant operation name: "Decrypt", "ReEncryptFrom",
 * "GenerateDataKeyPair", ...) with this request encryption context. Constraints apply only to
 * operations that take an encryption context: EncryptionContextEquals needs the same map,
 * EncryptionContextSubset needs every constraint pair in the request (which may have more).
 */
export function grantAllows(grant: GrantRecord, operation: string, encryptionContext: EncryptionContext | undefined): boolean {
  if (!grant.operations.includes(operation)) return false;
  if (!ENCRYPTION_CONTEXT_OPERATIONS.has(operation)) return true;
  const context = encryptionContext ?? EMPTY_CONTEXT;
  const { encryptionContextEquals: equals, encryptionContextSubset: subset } = grant.constraints ?? {};
  if (equals !== undefined) return sameContext(context, equals);
  if (subset !== undefined) return includesAll(context, subset);
  return true;
}

/**
 * Whether a grant that allows CreateGrant lets its grantee create this child grant: only operations
 * of the parent, and constraints at least as strict (a Subset may gain pairs or become an Equals
 * that includes them; an Equals must stay the same).
 */
export function grantAllowsChildGrant(parent: GrantRecord, child: { operations: readonly string[]; constraints?: GrantConstraints }): boolean {
  if (!parent.operations.includes("CreateGrant") || !child.operations.every((op) => parent.operations.includes(op))) return false;
  const { encryptionContextEquals: equals, encryptionContextSubset: subset } = parent.constraints ?? {};
  const childEquals = child.constraints?.encryptionContextEquals;
  const childSubset = child.constraints?.encryptionContextSubset;
  if (equals !== undefined) return childEquals !== undefined && sameContext(childEquals, equals);
  if (subset !== undefined) {
    const childContext = childEquals ?? childSubset;
    return childContext !== undefined && includesAll(childContext, subset);
  }
  return true;
}

/**
 * Who may retire a grant without any policy (AWS "Retiring and revoking grants"): its retiring
 * principal, its grantee when the grant allows RetireGrant, and the root user of the account
 * that created it. Anyone else needs kms:RetireGrant delegated by an IAM policy.
 */
export function retirableBy(grant: GrantRecord, caller: Caller): boolean {
  if (grant.retiringPrincipal !== undefined && principalMatches(grant.retiringPrincipal, grant.retiringPin, caller)) return true;
  if (grant.operations.includes("RetireGrant") && granteeMatches(grant, caller)) return true;
  return caller.principalType === "Root" && grant.issuingAccount.endsWith(`:iam::${caller.accountId}:root`);
}

/** A grant as ListGrants and ListRetirableGrants show it. AWS shows an unnamed grant's Name as "". */
export function grantListEntry(grant: GrantRecord, partition: string): GrantListEntryView {
  const { encryptionContextEquals: equals, encryptionContextSubset: subset } = grant.constraints ?? {};
  return {
    KeyId: keyArn({ partition, region: grant.key.region, accountId: grant.key.accountId }, grant.key.keyId),
    GrantId: grant.grantId,
    Name: grant.name ?? "",
    CreationDate: grant.createdAt,
    GranteePrincipal: grant.granteePrincipal,
    ...(grant.retiringPrincipal !== undefined ? { RetiringPrincipal: grant.retiringPrincipal } : {}),
    IssuingAccount: grant.issuingAccount,
    Operations: grant.operations,
    ...(equals !== undefined ? { Constraints: { EncryptionContextEquals: equals } } : {}),
    ...(subset !== undefined ? { Constraints: { EncryptionContextSubset: subset } } : {}),
  };
}

/** Grant ids are 64 hexadecimal characters; anything else is InvalidGrantIdException, before any lookup. */
export function requireGrantId(grantId: string): string {
  if (!/^[0-9a-f]{64}$/.test(grantId)) throw new ServiceError("InvalidGrantIdException", `The grant ID is not valid: ${grantId.slice(0, 128)}`);
  return grantId;
}

export function grantNotFound(grantId: string, keyArnText: string): ServiceError {
  return new ServiceError("NotFoundException", `Grant ${grantId} is not found on ${keyArnText}.`);
}

/** AWS grant services only: Strongbox has no service principals and no AWS resources to name. */
export function refuseServicePrincipals(input: { GranteeServicePrincipal?: string; RetiringServicePrincipal?: string; Constraints?: GrantConstraintsView }): void {
  if (input.GranteeServicePrincipal !== undefined || input.RetiringServicePrincipal !== undefined || input.Constraints?.SourceArn !== undefined) {
    throw new ServiceError("UnsupportedOperationException", "Service principals and the SourceArn grant constraint are not supported by Strongbox: it has no AWS services.");
  }
}

/** The API reference caps ListGrants and ListRetirableGrants pages at 100 entries (default 50), below the model's 1000. */
export const grantPageLimit = (limit: number | undefined): number => Math.min(limit ?? 50, 100);

/** The store position a marker names; InvalidMarkerException for anything Strongbox did not issue. */
export function grantPageAfter(marker: string | undefined): number | undefined {
  const position = decodeMarker(marker);
  if (position === undefined) return undefined;
  if (!/^[1-9]\d{0,14}$/.test(position)) throw new ServiceError("InvalidMarkerException", "The marker that specifies where pagination should next begin is not valid.");
  return Number(position);
}

export function grantPage(page: GrantPage, partition: string): { Grants: GrantListEntryView[]; Truncated: boolean; NextMarker?: string } {
  return {
    Grants: page.grants.map((grant) => grantListEntry(grant, partition)),
    Truncated: page.next !== undefined,
    ...(page.next !== undefined ? { NextMarker: encodeMarker(String(page.next)) } : {}),
  };
}
