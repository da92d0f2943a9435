/**
 * KMS key and alias identifiers as AWS spells them. A caller may name a key by key id, key ARN,
 * alias name or alias ARN; which forms an operation accepts is the operation's business.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MULTI_REGION_KEY_ID = /^mrk-[0-9a-f]{32}$/;
const KMS_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

export type KeyRef =
  | { readonly kind: "keyId"; readonly keyId: string; readonly raw: string }
  | { readonly kind: "keyArn"; readonly keyId: string; readonly partition: string; readonly region: string; readonly accountId: string; readonly raw: string }
  | { readonly kind: "aliasName"; readonly aliasName: string; readonly raw: string }
  | { readonly kind: "aliasArn"; readonly aliasName: string; readonly partition: string; readonly region: string; readonly accountId: string; readonly raw: string }
  | { readonly kind: "invalid"; readonly raw: string };

export interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export function isKeyId(value: string): boolean {
  return UUID.test(value) || MULTI_REGION_KEY_ID.test(value);
}

export function parseKeyRef(raw: string): KeyRef {
  if (raw.startsWith("alias/")) return { kind: "aliasName", aliasName: raw, raw };
  const arn = KMS_ARN.exec(raw);
  if (arn) {
    const [, partition, region, accountId, type, resource] = arn as unknown as [string, string, string, string, string, string];
    if (type === "key") {
      return isKeyId(resource) ? { kind: "keyArn", keyId: resource, partition, region, accountId, raw } : { kind: "invalid", raw };
    }
    return { kind: "aliasArn", aliasName: `alias/${resource}`, partition, region, accountId, raw };
  }
  if (isKeyId(raw)) return { kind: "keyId", keyId: raw, raw };
  return { kind: "invalid", raw };
}

export function keyArn(scope: Scope, keyId: string): string {
  return `arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:key/${keyId}`;
}

export function aliasArn(scope: Scope, aliasName: string): string {
  return `arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:${aliasName}`;
}

/** AWS reserves `alias/aws/` for AWS managed keys; customers may not create, update or delete them. */
export function isReservedAliasName(aliasName: string): boolean {
  return aliasName.startsWith("alias/aws/");
}

/** The 16 bytes of a key id (a UUID, or the 32 hex digits after `mrk-`) and its kind, for ciphertext headers. */
export function keyIdToBytes(keyId: string): { kind: 1 | 2; bytes: Buffer } {
  if (MULTI_REGION_KEY_ID.test(keyId)) return { kind: 2, bytes: Buffer.from(keyId.slice(4), "hex") };
  if (UUID.test(keyId)) return { kind: 1, bytes: Buffer.from(keyId.replaceAll("-", ""), "hex") };
  throw new TypeError("not a KMS key id");
}

export function keyIdFromBytes(kind: number, bytes: Buffer): string | undefined {
  const hex = bytes.toString("hex");
  if (kind === 2) return `mrk-${hex}`;
  if (kind === 1) return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return undefined;
}

/** Formats 16 random bytes as an RFC 4122 version 4 UUID (the form AWS key ids take). */
export function uuidFromRandom(random: Buffer): string {
  const b = Buffer.from(random.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return keyIdFromBytes(1, b)!;
}
