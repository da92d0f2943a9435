import type { Barrier } from "../../core/barrier.js";
import { ServiceError } from "../../core/errors.js";
import {
  fails,
  passwordIdentity,
  tokenKeyName,
  type ClusterDirectory,
  type ClusterTarget,
  type ConnectionErrorCode,
  type ConnectionState,
  type CustomKeyStore,
  type CustomKeyStoreLocator,
} from "../../core/kms/custom-key-store.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import type { GcmOpener, GcmSealer } from "../../core/kms/symmetric-cipher.js";
import type { SecretBytes } from "../../core/secret-bytes.js";
import type { CustomKeyStoreRepository } from "../../ports/custom-key-store-repository.js";
import { HsmError, type HsmConnector, type HsmToken, type TokenDescription } from "../../ports/hsm.js";
import type { Logger } from "../../ports/logger.js";

export interface KeyStoresDeps {
  readonly repo: Pick<CustomKeyStoreRepository, "connectRequested" | "get">;
  readonly connector: HsmConnector;
  readonly clusters: ClusterDirectory;
  readonly barrier: () => Barrier;
  readonly logger: Logger;
}

/** The connection of one store: runtime state, never persisted. */
interface Connection {
  readonly state: ConnectionState;
  readonly errorCode?: ConnectionErrorCode;
  readonly token?: HsmToken;
}

export interface KeyStoreStatus {
  readonly state: ConnectionState;
  readonly errorCode?: ConnectionErrorCode;
}

export interface KeyStoreHealth extends KeyStoreStatus {
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
}

/** AES-GCM with one KMS key's material inside its token. */
export interface TokenCipher {
  readonly seal: GcmSealer;
  readonly open: GcmOpener;
}

const connectionKey = (l: CustomKeyStoreLocator) => `${l.accountId}/${l.region}/${l.id}`;

/** What an HSM failure means for the store's ConnectionErrorCode. */
export function connectionErrorOf(error: HsmError): ConnectionErrorCode {
  switch (error.code) {
    case "INVALID_CREDENTIALS":
      return error.pkcs11Code === "CKR_PIN_LOCKED" ? "USER_LOCKED_OUT" : "INVALID_CREDENTIALS";
    case "TOKEN_NOT_FOUND":
      return "CLUSTER_NOT_FOUND";
    case "DEVICE_ERROR":
      return "NETWORK_ERRORS";
    default:
      return "INTERNAL_ERROR";
  }
}

/**
 * The connections of CloudHSM key stores to their tokens, and every use of a token: generating a
 * KMS key's material there, AES-GCM with it, destroying it. Owns the logged-in sessions (closed
 * on disconnect, on seal and on failure). Token calls are synchronous, so a disconnect can never
 * fall between finding a connection and using it.
 */
export class KeyStores {
  readonly #connections = new Map<string, Connection>();

  constructor(private readonly deps: KeyStoresDeps) {}

  status(store: CustomKeyStoreLocator): KeyStoreStatus {
    const connection = this.#connections.get(connectionKey(store));
    if (connection === undefined) return { state: "DISCONNECTED" };
    return { state: connection.state, ...(connection.errorCode !== undefined ? { errorCode: connection.errorCode } : {}) };
  }

  /** The token a cluster id maps to; CloudHsmClusterNotFoundException if the configuration names none. */
  target(clusterId: string): ClusterTarget {
    const target = this.deps.clusters.get(clusterId);
    if (target === undefined) throw fails.clusterNotFound(clusterId);
    return target;
  }

  /** The cluster's token as it describes itself (no login); CloudHsmClusterNotActiveException if it cannot be reached. */
  describeCluster(clusterId: string): TokenDescription {
    const target = this.target(clusterId);
    try {
      return this.deps.connector.describe(target);
    } catch (error) {
      if (!(error instanceof HsmError)) throw error;
      this.deps.logger.warn({ clusterId, hsmError: error.code, detail: error.message }, "the token of a CloudHSM cluster cannot be reached");
      throw new ServiceError("CloudHsmClusterNotActiveException", `CloudHSM cluster '${clusterId}' is not active: its token cannot be reached (${error.code}).`);
    }
  }

  sealPassword(store: CustomKeyStoreLocator, password: SecretBytes): Buffer {
    return this.deps.barrier().seal(password, passwordIdentity(store));
  }

  /**
   * Logs in to the store's token with its password. Ends CONNECTED, or FAILED with the
   * ConnectionErrorCode of what went wrong (AWS's ConnectCustomKeyStore succeeds and reports a
   * failed connection through DescribeCustomKeyStores).
   */
  connect(store: CustomKeyStore): KeyStoreStatus {
    const current = this.#connections.get(connectionKey(store));
    if (current?.state === "CONNECTED") return this.status(store);
    const fail = (errorCode: ConnectionErrorCode, detail: string) => {
      this.deps.logger.warn({ customKeyStoreId: store.id, clusterId: store.clusterId, connectionErrorCode: errorCode, detail }, "custom key store failed to connect");
      this.#connections.set(connectionKey(store), { state: "FAILED", errorCode });
      return this.status(store);
    };
    const target = this.deps.clusters.get(store.clusterId);
    if (target === undefined) return fail("CLUSTER_NOT_FOUND", "the server configuration maps no token to the cluster");
    const password = this.deps.barrier().open(store.sealedPassword, passwordIdentity(store));
    if (password === undefined) return fail("INTERNAL_ERROR", "the stored password does not open");
    let token: HsmToken;
    try {
      token = this.deps.connector.connect(target, password);
    } catch (error) {
      if (!(error instanceof HsmError)) throw error;
      return fail(connectionErrorOf(error), error.message);
    } finally {
      password.dispose();
    }
    if (token.describe().serialNumber !== store.tokenSerial) {
      token.close();
      return fail("CLUSTER_NOT_FOUND", "the token with the cluster's label is not the token the store was created with (serial number differs)");
    }
    this.#connections.set(connectionKey(store), { state: "CONNECTED", token });
    this.deps.logger.info({ customKeyStoreId: store.id, clusterId: store.clusterId }, "custom key store connected");
    return this.status(store);
  }

  /** Logs out of the token and forgets the connection and its error. */
  disconnect(store: CustomKeyStoreLocator): void {
    const connection = this.#connections.get(connectionKey(store));
    this.#connections.delete(connectionKey(store));
    connection?.token?.close();
  }

  /**
   * Runs `fn` with the connected token of the store holding `key`. While the store is not
   * connected the key is Unavailable: KMSInvalidStateException. A token that fails under the call
   * (gone, PIN changed) marks the store FAILED, and the call gets the same error.
   */
  useToken<T>(key: KmsKey, fn: (token: HsmToken) => T): T {
    const locator = { accountId: key.accountId, region: key.region, id: key.customKeyStoreId ?? "" };
    return this.#use(locator, key.arn, fn, (state, errorCode) =>
      new ServiceError("KMSInvalidStateException", `${key.arn} is unavailable: its custom key store ${locator.id} is ${state}${errorCode ? ` (${errorCode})` : ""}.`),
    );
  }

  /**
   * Generates a new KMS key's material inside the store's token (CreateKey). A store that is not
   * connected is CustomKeyStoreInvalidStateException, as AWS answers CreateKey.
   */
  generateMaterial(store: CustomKeyStoreLocator, keyArn: string, keyId: string, materialId: string): void {
    this.#use(
      store,
      keyArn,
      (token) => token.generateAesKey(tokenKeyName(keyId, materialId)),
      (state) => fails.invalidState(`Custom key store ${store.id} is ${state}: CreateKey is valid only when its ConnectionState is CONNECTED.`),
    );
  }

  /** GenerateRandom with a CustomKeyStoreId: bytes from the store's token (CustomKeyStoreInvalidStateException unless CONNECTED). */
  generateRandom(store: CustomKeyStoreLocator, length: number): SecretBytes {
    return this.#use(
      store,
      `custom key store ${store.id}`,
      (token) => token.generateRandom(length),
      (state) => fails.invalidState(`Custom key store ${store.id} is ${state}: GenerateRandom is valid only when its ConnectionState is CONNECTED.`),
    );
  }

  /** Removes material generated for a key that was then not saved (nothing half-written). */
  discardMaterial(store: CustomKeyStoreLocator, keyId: string, materialId: string): void {
    const connection = this.#connections.get(connectionKey(store));
    try {
      connection?.token?.destroyKey(tokenKeyName(keyId, materialId));
    } catch (error) {
      this.deps.logger.warn({ customKeyStoreId: store.id, keyId, detail: error instanceof Error ? error.message : String(error) }, "could not remove key material of a key that was not created");
    }
  }

  #use<T>(locator: CustomKeyStoreLocator, subject: string, fn: (token: HsmToken) => T, unusable: (state: ConnectionState, errorCode?: ConnectionErrorCode) => ServiceError): T {
    const connection = this.#connections.get(connectionKey(locator));
    if (connection?.state !== "CONNECTED" || connection.token === undefined) throw unusable(connection?.state ?? "DISCONNECTED", connection?.errorCode);
    try {
      return fn(connection.token);
    } catch (error) {
      if (!(error instanceof HsmError)) throw error;
      if (error.code === "KEY_NOT_FOUND") {
        this.deps.logger.error({ subject, customKeyStoreId: locator.id, detail: error.message }, "key material is missing from its token");
        throw new ServiceError("KMSInvalidStateException", `${subject} is unavailable: its key material is not in the token of custom key store ${locator.id}.`);
      }
      if (error.code === "KEY_EXISTS" || error.code === "INTERNAL_ERROR") {
        this.deps.logger.error({ subject, customKeyStoreId: locator.id, detail: error.message }, "the token refused an operation");
        throw error;
      }
      const errorCode = connectionErrorOf(error);
      this.deps.logger.error({ subject, customKeyStoreId: locator.id, connectionErrorCode: errorCode, detail: error.message }, "custom key store failed during an operation");
      connection.token.close();
      this.#connections.set(connectionKey(locator), { state: "FAILED", errorCode });
      throw unusable("FAILED", errorCode);
    }
  }

  /** AES-GCM under one material of `key`, inside its token. */
  withCipher<T>(key: KmsKey, materialId: string, fn: (cipher: TokenCipher) => T): T {
    const name = tokenKeyName(key.keyId, materialId);
    return this.useToken(key, (token) =>
      fn({
        seal: (iv, plaintext, aad) => token.encrypt(name, iv, plaintext, aad),
        open: (iv, ciphertext, tag, aad) => token.decrypt(name, iv, ciphertext, tag, aad),
      }),
    );
  }

  /**
   * Destroys the token objects of a deleted key. A store that is not connected keeps them
   * (AWS: the key material is orphaned in the cluster); the operator can remove them later.
   */
  destroyMaterial(key: KmsKey): void {
    try {
      this.useToken(key, (token) => {
        for (const material of key.materials) token.destroyKey(tokenKeyName(key.keyId, material.id));
      });
    } catch (error) {
      this.deps.logger.warn(
        { keyArn: key.arn, customKeyStoreId: key.customKeyStoreId, detail: error instanceof Error ? error.message : String(error) },
        "the deleted key's material stays in its token (orphaned): the custom key store was not usable",
      );
    }
  }

  /** After an unseal: connects every store an operator left connected. */
  async reconnectRequested(): Promise<void> {
    for (const store of await this.deps.repo.connectRequested()) {
      const status = this.connect(store);
      if (status.state !== "CONNECTED") this.deps.logger.warn({ customKeyStoreId: store.id, connectionErrorCode: status.errorCode }, "custom key store did not reconnect after unseal");
    }
  }

  /** On seal and shutdown: logs out of every token. Stores stay connect-requested in the store. */
  closeAll(): void {
    for (const connection of this.#connections.values()) connection.token?.close();
    this.#connections.clear();
  }

  /** Each store that is connecting, connected or failed (DISCONNECTED ones are not held), for /health. */
  health(): KeyStoreHealth[] {
    return [...this.#connections.entries()].map(([key, connection]) => {
      const [accountId = "", region = "", id = ""] = key.split("/");
      return { id, accountId, region, state: connection.state, ...(connection.errorCode !== undefined ? { errorCode: connection.errorCode } : {}) };
    });
  }
}
