/**
 * What an emulator's seed file holds (docs/emulator.md), once read and checked at the edge
 * (protocol/emulator/seed-schema.ts); defaults are filled in.
 */
export interface SeedKey {
  readonly keyId: string;
  readonly description?: string | undefined;
  readonly keySpec: string;
  readonly keyUsage?: string | undefined;
  /** Symmetric and HMAC keys: the raw key, base64. Asymmetric keys: a PEM private key. */
  readonly material?: string | undefined;
  /** Symmetric keys only: several backing keys, oldest first (a rotated key); the last is current. */
  readonly materials?: readonly string[] | undefined;
  readonly policy?: string | Readonly<Record<string, unknown>> | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  readonly enabled: boolean;
  readonly rotationPeriodInDays?: number | undefined;
}

export interface SeedScope {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
  readonly keys: readonly SeedKey[];
  readonly aliases: readonly { readonly name: string; readonly targetKeyId: string }[];
  readonly grants: readonly {
    readonly name: string;
    readonly keyId: string;
    readonly granteePrincipal: string;
    readonly operations: readonly string[];
    readonly retiringPrincipal?: string | undefined;
    readonly constraints?: Readonly<Record<string, unknown>> | undefined;
  }[];
  readonly secrets: readonly {
    readonly name: string;
    readonly secretString?: string | undefined;
    readonly secretBinary?: string | undefined;
    readonly kmsKeyId?: string | undefined;
    readonly description?: string | undefined;
    readonly tags?: Readonly<Record<string, string>> | undefined;
  }[];
  readonly parameters: readonly { readonly name: string; readonly value: string; readonly type: "String" | "StringList" | "SecureString"; readonly kmsKeyId?: string | undefined; readonly description?: string | undefined }[];
}

export interface SeedDocument {
  readonly accounts: readonly SeedScope[];
}

/** A seed file that cannot be applied; the message names the entry. */
export class SeedError extends Error {}
