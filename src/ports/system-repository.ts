/** How the root key is protected; stored in plain text, it holds nothing secret. */
export type SealConfig =
  | { readonly type: "dev" }
  | { readonly type: "passphrase"; readonly kdf: "scrypt"; readonly N: number; readonly r: number; readonly p: number; readonly salt: string; readonly wrappedRootKey: string }
  | {
      readonly type: "shamir";
      readonly shares: number;
      readonly threshold: number;
      /** HMAC-SHA256 of each share under `checkSalt`: tells a wrong share from a right one, and nothing else. */
      readonly checkSalt: string;
      readonly shareChecks: readonly string[];
      /** The root key, sealed under the unseal key the shares rebuild. */
      readonly wrappedRootKey: string;
    }
  | {
      readonly type: "pkcs11";
      /** The PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so). */
      readonly library: string;
      readonly tokenLabel: string;
      /** The label of the non-extractable AES root key object inside the token. */
      readonly keyLabel: string;
      /** Where the user PIN is read from at start (the PIN itself is never stored). */
      readonly pinFile: string;
    };

export interface BarrierTerm {
  readonly term: number;
  /** The barrier key, wrapped by the root key and bound to barrierTermIdentity(term). */
  readonly wrapped: Buffer;
  readonly createdAt: Date;
}

export interface SystemRepository {
  sealConfig(): Promise<SealConfig | undefined>;
  /** Writes the seal configuration and the first barrier term at once; fails if already initialised. */
  initialize(config: SealConfig, firstTerm: BarrierTerm): Promise<void>;
  barrierTerms(): Promise<BarrierTerm[]>;
  /**
   * Replaces the seal configuration, and re-wrapped barrier terms with it, in one transaction, if
   * the stored configuration still is `expected`. False when another writer changed it first.
   */
  replaceSeal(expected: SealConfig, next: SealConfig, rewrapped: readonly { readonly term: number; readonly wrapped: Buffer }[]): Promise<boolean>;
  /**
   * Emulator mode's reset: deletes every account, key, alias, grant, IAM entity, secret, parameter
   * and finding in one transaction, keeping the seal, the barrier and the audit trail (which records
   * the reset). Returns the number of rows deleted.
   */
  clearStateKeepingTrail(): Promise<number>;
}
