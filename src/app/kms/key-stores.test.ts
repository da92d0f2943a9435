import assert from "node:assert/strict";
import { test } from "node:test";
import { Barrier } from "../../core/barrier.js";
import { secureRandomBytes } from "../../core/crypto/random.js";
import type { CustomKeyStore } from "../../core/kms/custom-key-store.js";
import type { KmsKey } from "../../core/kms/kms-key.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { HsmError, type HsmConnector, type HsmToken, type TokenAddress } from "../../ports/hsm.js";
import { KeyStores } from "./key-stores.js";

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const barrier = new Barrier(new Map([[1, SecretBytes.adopt(secureRandomBytes(32))]]), secureRandomBytes);

/** A token that answers as told: `failWith` makes every call throw that HsmError. */
function fakeToken(address: TokenAddress, serial: string, state: { failWith?: HsmError; closed: number }): HsmToken {
  const act = <T>(value: T): T => {
    if (state.failWith) throw state.failWith;
    return value;
  };
  return {
    address,
    describe: () => ({ label: address.tokenLabel, serialNumber: serial, manufacturer: "fake", model: "fake" }),
    generateAesKey: () => act(undefined),
    hasKey: () => act(true),
    encrypt: () => act({ ciphertext: Buffer.from("c"), tag: Buffer.alloc(16) }),
    decrypt: () => act(SecretBytes.fromUtf8("p")),
    generateRandom: (n) => act(SecretBytes.adopt(Buffer.alloc(n))),
    destroyKey: () => act(true),
    close: () => void state.closed++,
  };
}

function setup(options: { connectError?: HsmError; serial?: string } = {}) {
  const tokenState: { failWith?: HsmError; closed: number } = { closed: 0 };
  const connector: HsmConnector = {
    describe: (address) => ({ label: address.tokenLabel, serialNumber: "serial-1", manufacturer: "fake", model: "fake" }),
    connect: (address) => {
      if (options.connectError) throw options.connectError;
      return fakeToken(address, options.serial ?? "serial-1", tokenState);
    },
    close() {},
  };
  const stores = new KeyStores({
    repo: { connectRequested: async () => [], get: async () => undefined },
    connector,
    clusters: new Map([["cluster-1a23b4cdefg", { library: "/fake.so", tokenLabel: "t" }]]),
    barrier: () => barrier,
    logger: silent,
  });
  const locator = { accountId: "111122223333", region: "us-east-1", id: "cks-00000000000000001" };
  const store: CustomKeyStore = {
    ...locator,
    name: "s",
    clusterId: "cluster-1a23b4cdefg",
    trustAnchorCertificate: "",
    sealedPassword: stores.sealPassword(locator, SecretBytes.fromUtf8("password-1")),
    tokenSerial: "serial-1",
    createdAt: new Date(0),
    connectRequested: true,
    revision: 1,
  };
  const key = { accountId: locator.accountId, region: locator.region, keyId: "k", arn: "arn:aws:kms:us-east-1:111122223333:key/k", customKeyStoreId: locator.id, materials: [] } as unknown as KmsKey;
  return { stores, store, key, tokenState };
}

test("connection failures become AWS's ConnectionErrorCodes", () => {
  const cases: [HsmError, string][] = [
    [new HsmError("INVALID_CREDENTIALS", "x", "CKR_PIN_INCORRECT"), "INVALID_CREDENTIALS"],
    [new HsmError("INVALID_CREDENTIALS", "x", "CKR_PIN_LOCKED"), "USER_LOCKED_OUT"],
    [new HsmError("TOKEN_NOT_FOUND", "x"), "CLUSTER_NOT_FOUND"],
    [new HsmError("DEVICE_ERROR", "x", "CKR_DEVICE_REMOVED"), "NETWORK_ERRORS"],
    [new HsmError("LIBRARY_ERROR", "x"), "INTERNAL_ERROR"],
  ];
  for (const [error, code] of cases) {
    const { stores, store } = setup({ connectError: error });
    assert.deepEqual(stores.connect(store), { state: "FAILED", errorCode: code });
  }
  const replaced = setup({ serial: "another-token" });
  assert.deepEqual(replaced.stores.connect(replaced.store), { state: "FAILED", errorCode: "CLUSTER_NOT_FOUND" });
  const unmapped = setup();
  assert.deepEqual(unmapped.stores.connect({ ...unmapped.store, clusterId: "cluster-0000000000000" }), { state: "FAILED", errorCode: "CLUSTER_NOT_FOUND" });
});

test("keys are usable only while the store is connected; a token failing mid-call fails the store and closes the session", () => {
  const { stores, store, key, tokenState } = setup();
  assert.throws(() => stores.withCipher(key, "m", () => 1), { name: "KMSInvalidStateException", message: /DISCONNECTED/ });
  assert.deepEqual(stores.connect(store), { state: "CONNECTED" });
  assert.equal(stores.withCipher(key, "m", (cipher) => cipher.seal(Buffer.alloc(12), SecretBytes.fromUtf8("x"), Buffer.alloc(0)).tag.length), 16);
  assert.deepEqual(stores.health(), [{ id: store.id, accountId: store.accountId, region: store.region, state: "CONNECTED" }]);

  tokenState.failWith = new HsmError("KEY_NOT_FOUND", "gone");
  assert.throws(() => stores.withCipher(key, "m", (cipher) => cipher.open(Buffer.alloc(12), Buffer.alloc(1), Buffer.alloc(16), Buffer.alloc(0))), { name: "KMSInvalidStateException", message: /not in the token/ });
  assert.equal(stores.status(store).state, "CONNECTED", "a missing object does not fail the store");

  tokenState.failWith = new HsmError("DEVICE_ERROR", "pulled", "CKR_DEVICE_REMOVED");
  assert.throws(() => stores.withCipher(key, "m", (cipher) => cipher.seal(Buffer.alloc(12), SecretBytes.fromUtf8("x"), Buffer.alloc(0))), { name: "KMSInvalidStateException", message: /FAILED \(NETWORK_ERRORS\)/ });
  assert.deepEqual(stores.status(store), { state: "FAILED", errorCode: "NETWORK_ERRORS" });
  assert.equal(tokenState.closed, 1);
  assert.throws(() => stores.generateMaterial(store, key.arn, "k2", "m"), { name: "CustomKeyStoreInvalidStateException" });
  // The deleted key's objects stay when the store cannot be used: logged, not thrown.
  stores.destroyMaterial(key);

  stores.disconnect(store);
  assert.deepEqual(stores.status(store), { state: "DISCONNECTED" });
  assert.deepEqual(stores.health(), []);
  tokenState.failWith = undefined;
  assert.deepEqual(stores.connect(store), { state: "CONNECTED" });
  stores.closeAll();
  assert.deepEqual(stores.status(store), { state: "DISCONNECTED" });
});
