import { ServiceError } from "../errors.js";

/**
 * AWS CloudHSM key stores, served by PKCS#11 tokens: Strongbox maps each CloudHsmClusterId to a
 * token through its configuration (docs/custom-key-stores.md). What is persisted is the
 * definition below; the connection (state, error code, the logged-in session) is runtime state.
 */
export type ConnectionState = "CONNECTED" | "CONNECTING" | "DISCONNECTED" | "DISCONNECTING" | "FAILED";
/** The ConnectionErrorCode values that can arise for a token-backed store. */
export type ConnectionErrorCode = "INVALID_CREDENTIALS" | "CLUSTER_NOT_FOUND" | "NETWORK_ERRORS" | "INTERNAL_ERROR" | "USER_LOCKED_OUT" | "INSUFFICIENT_CLOUDHSM_HSMS";

export interface CustomKeyStoreLocator {
  readonly accountId: string;
  readonly region: string;
  readonly id: string;
}

export interface CustomKeyStore extends CustomKeyStoreLocator {
  readonly name: string;
  readonly clusterId: string;
  /** PEM, as the caller gave it (it is public: the cluster's issuing CA). */
  readonly trustAnchorCertificate: string;
  /** The token user's PIN (AWS: the kmsuser password) as a sealed box under the barrier, bound to passwordIdentity(). */
  readonly sealedPassword: Buffer;
  /** Serial number of the token the cluster mapped to at creation: the "same cluster" test of UpdateCustomKeyStore. */
  readonly tokenSerial: string;
  readonly createdAt: Date;
  /**
   * Whether an operator connected the store and has not disconnected it since. Persisted so that
   * stores come back connected after a restart (on unseal), as AWS keeps them connected.
   */
  readonly connectRequested: boolean;
  readonly revision: number;
}

/** The identity the sealed password is bound to: copied to another store's row, it does not open. */
export function passwordIdentity(store: CustomKeyStoreLocator): string {
  return `kms/custom-key-store-password/${store.accountId}/${store.region}/${store.id}`;
}

/** AWS's custom key store ids: "cks-" and 17 hexadecimal digits. */
export function customKeyStoreIdFromRandom(bytes: Buffer): string {
  if (bytes.length < 9) throw new Error("a custom key store id needs 9 random bytes");
  return `cks-${bytes.subarray(0, 9).toString("hex").slice(0, 17)}`;
}

/**
 * Names of a KMS key's material inside the token: CKA_LABEL "<key id>/<material id>", CKA_ID the
 * 32 bytes of the material id. An operator looking at the token sees which KMS key each object is.
 */
export function tokenKeyName(keyId: string, materialId: string): { label: string; id: Buffer } {
  return { label: `${keyId}/${materialId}`, id: Buffer.from(materialId, "hex") };
}

/** Where a cluster id leads: the PKCS#11 module and the label of the token in it. */
export interface ClusterTarget {
  readonly library: string;
  readonly tokenLabel: string;
}

export type ClusterDirectory = ReadonlyMap<string, ClusterTarget>;

/**
 * The cluster map of the server configuration: `{"cluster-<id>": {"library": "...", "tokenLabel": "..."}}`.
 * Throws an Error naming what is wrong (a startup error, not an AWS one).
 */
export function parseClusterDirectory(document: unknown): ClusterDirectory {
  if (document === null || typeof document !== "object" || Array.isArray(document)) throw new Error("the HSM cluster map must be a JSON object");
  const clusters = new Map<string, ClusterTarget>();
  for (const [clusterId, target] of Object.entries(document as Record<string, unknown>)) {
    // AWS's CloudHsmClusterIdType is 19 to 24 characters: "cluster-" and 11 to 16 more.
    if (!/^cluster-[A-Za-z0-9]{11,16}$/.test(clusterId)) throw new Error(`HSM cluster id '${clusterId}' must be "cluster-" followed by 11 to 16 letters and digits`);
    const { library, tokenLabel } = (target ?? {}) as Record<string, unknown>;
    if (typeof library !== "string" || library.length === 0) throw new Error(`HSM cluster '${clusterId}' needs "library", the path of a PKCS#11 module`);
    if (typeof tokenLabel !== "string" || tokenLabel.length === 0 || tokenLabel.length > 32) throw new Error(`HSM cluster '${clusterId}' needs "tokenLabel", 1 to 32 characters`);
    clusters.set(clusterId, { library, tokenLabel });
  }
  return clusters;
}

/** AWS's password rule for the kmsuser password: 7 to 32 characters. */
export const KEY_STORE_PASSWORD_LENGTH = { min: 7, max: 32 } as const;

export const fails = {
  notFound: (what: string) => new ServiceError("CustomKeyStoreNotFoundException", `Custom key store ${what} does not exist.`),
  invalidState: (message: string) => new ServiceError("CustomKeyStoreInvalidStateException", message),
  nameInUse: (name: string) => new ServiceError("CustomKeyStoreNameInUseException", `Custom key store name '${name}' is already in use in this account and Region.`),
  clusterNotFound: (clusterId: string) =>
    new ServiceError("CloudHsmClusterNotFoundException", `CloudHSM cluster '${clusterId}' is not found: this Strongbox maps no token to it (STRONGBOX_HSM_CLUSTERS).`),
  clusterInUse: (clusterId: string) => new ServiceError("CloudHsmClusterInUseException", `CloudHSM cluster '${clusterId}' is already associated with a custom key store in this account.`),
} as const;
