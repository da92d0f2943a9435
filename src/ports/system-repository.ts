/** How the root key is protected; stored in plain text, it holds nothing secret. */
export type SealConfig =
  | { readonly type: "dev" }
  | { readonly type: "passphrase"; readonly kdf: "scrypt"; readonly N: number; readonly r: number; readonly p: number; readonly salt: string; readonly wrappedRootKey: string };

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
}
