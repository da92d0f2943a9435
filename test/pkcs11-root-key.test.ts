import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createSoftHsm, type SoftHsm } from "./helpers/softhsm.js";
import { inspectTokenKey } from "./helpers/pkcs11-probe.js";
import { createHsmRootKey, hsmRootKeyProvider, HsmError, Pkcs11Libraries, pkcs11Connector, readPinFile, removeHsmRootKey } from "../src/adapters/pkcs11/index.js";
import { findTokenSlot } from "../src/adapters/pkcs11/token-session.js";
import { SecretBytes } from "../src/core/secret-bytes.js";
import { secureRandomBytes } from "../src/core/crypto/random.js";
import { initializeBarrier } from "../src/app/seal/initialize.js";
import { Vault } from "../src/app/seal/vault.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../src/adapters/sqlite/store.js";
import type { HsmConnector } from "../src/ports/hsm.js";

const pinOf = (text: string) => SecretBytes.fromUtf8(text);

async function rejectsWith(fn: () => unknown, code: string, secret?: string): Promise<void> {
  await assert.rejects(
    async () => fn(),
    (error: unknown) => {
      assert.ok(error instanceof HsmError, `expected HsmError, got ${String(error)}`);
      assert.equal(error.code, code, error.message);
      if (secret !== undefined) assert.ok(!error.message.includes(secret) && !JSON.stringify(error).includes(secret), "the PIN appears in the error");
      return true;
    },
  );
}

describe("PKCS#11 root key provider on SoftHSM2", () => {
  let hsm: SoftHsm;
  let libraries: Pkcs11Libraries;
  let connector: HsmConnector;
  const config = () => ({ library: hsm.library, tokenLabel: hsm.tokenLabel, pin: readPinFile(hsm.pinFile) });

  before(() => {
    hsm = createSoftHsm();
    libraries = new Pkcs11Libraries();
    connector = pkcs11Connector(libraries);
    createHsmRootKey(connector, config()).close();
  });
  after(() => {
    connector.close();
    hsm.cleanup();
  });

  test("wraps and unwraps a barrier key; another identity, another label or a flipped bit does not open", async () => {
    const root = hsmRootKeyProvider(connector, config());
    try {
      assert.equal(root.kind, "pkcs11");
      const barrierKey = SecretBytes.adopt(secureRandomBytes(32));
      const wrapped = await root.wrap(barrierKey, "barrier/term/1");
      assert.equal(wrapped[0], 0x01);
      assert.equal(wrapped.length, 2 + "strongbox-root-key".length + 12 + 32 + 16);
      const opened = await root.unwrap(wrapped, "barrier/term/1");
      assert.ok(opened);
      assert.ok(opened.use((a) => barrierKey.use((b) => a.equals(b))));
      assert.equal(await root.unwrap(wrapped, "barrier/term/2"), undefined);
      for (const offset of [0, 1, 5, 25, wrapped.length - 20, wrapped.length - 1]) {
        const flipped = Buffer.from(wrapped);
        flipped[offset] = (flipped[offset] as number) ^ 0x01;
        assert.equal(await root.unwrap(flipped, "barrier/term/1"), undefined, `flipped byte ${offset}`);
      }
      assert.equal(await root.unwrap(wrapped.subarray(0, 20), "barrier/term/1"), undefined);
      assert.equal(await root.unwrap(Buffer.alloc(0), "barrier/term/1"), undefined);
      // Two wraps of the same key differ (random IV).
      assert.notDeepEqual(await root.wrap(barrierKey, "barrier/term/1"), wrapped);
    } finally {
      root.close();
    }
  });

  test("a second root key object wraps for itself only; an existing label is never replaced", async () => {
    const other = createHsmRootKey(connector, { ...config(), keyLabel: "other-root" });
    const root = hsmRootKeyProvider(connector, config());
    try {
      const secret = SecretBytes.fromUtf8("k".repeat(32));
      const byOther = await other.wrap(secret, "x");
      assert.equal(await root.unwrap(byOther, "x"), undefined);
      assert.ok(await other.unwrap(byOther, "x"));
      await rejectsWith(() => createHsmRootKey(connector, config()), "KEY_EXISTS");
      await rejectsWith(() => hsmRootKeyProvider(connector, { ...config(), keyLabel: "no-such-key" }), "KEY_NOT_FOUND");
      // Undoing a failed init: the object goes, and the label can be used again.
      assert.equal(removeHsmRootKey(connector, { ...config(), keyLabel: "undone-root" }), false);
      createHsmRootKey(connector, { ...config(), keyLabel: "undone-root" }).close();
      assert.equal(removeHsmRootKey(connector, { ...config(), keyLabel: "undone-root" }), true);
      createHsmRootKey(connector, { ...config(), keyLabel: "undone-root" }).close();
    } finally {
      other.close();
      root.close();
    }
  });

  test("the root key object cannot be read or wrapped out of the token", () => {
    const seen = inspectTokenKey(hsm, hsm.tokenLabel, hsm.pin, "strongbox-root-key");
    assert.equal(seen.found, true, JSON.stringify(seen));
    assert.equal(seen.sensitive, true);
    assert.equal(seen.extractable, false);
    assert.equal(seen.token, true);
    assert.equal(seen.valueRead, "CKR_ATTRIBUTE_SENSITIVE");
    assert.equal(seen.wrap, "CKR_KEY_UNEXTRACTABLE");
  });

  test("a wrong PIN is INVALID_CREDENTIALS, also while another session is logged in, and never appears in the error", async () => {
    await rejectsWith(() => hsmRootKeyProvider(connector, { ...config(), pin: pinOf("not-the-pin-42") }), "INVALID_CREDENTIALS", "not-the-pin-42");
    const root = hsmRootKeyProvider(connector, config());
    try {
      await rejectsWith(() => hsmRootKeyProvider(connector, { ...config(), pin: pinOf("still-not-the-pin") }), "INVALID_CREDENTIALS", "still-not-the-pin");
      // A second holder with the right PIN is fine, and closing it keeps the first logged in.
      hsmRootKeyProvider(connector, config()).close();
      const wrapped = await root.wrap(SecretBytes.fromUtf8("a".repeat(32)), "id");
      assert.ok(await root.unwrap(wrapped, "id"));
    } finally {
      root.close();
    }
  });

  test("an unknown token label is TOKEN_NOT_FOUND; a library that does not load is LIBRARY_ERROR", async () => {
    await rejectsWith(() => hsmRootKeyProvider(connector, { ...config(), tokenLabel: "no-such-token" }), "TOKEN_NOT_FOUND");
    await rejectsWith(() => hsmRootKeyProvider(connector, { ...config(), library: "/nonexistent/libpkcs11.so" }), "LIBRARY_ERROR");
    await rejectsWith(() => readPinFile("/nonexistent/pin"), "INVALID_CREDENTIALS");
  });

  test("a session lost under the provider (token pulled and back) is replaced without a restart", async () => {
    const root = hsmRootKeyProvider(connector, config());
    try {
      const wrapped = await root.wrap(SecretBytes.fromUtf8("b".repeat(32)), "id");
      const library = libraries.open(hsm.library);
      library.module.C_CloseAllSessions(findTokenSlot(library, { library: hsm.library, tokenLabel: hsm.tokenLabel }).slot);
      const opened = await root.unwrap(wrapped, "id");
      assert.ok(opened, "unwraps after the sessions were closed underneath");
      assert.ok(await root.wrap(SecretBytes.fromUtf8("c".repeat(32)), "id"));
    } finally {
      root.close();
    }
  });

  test("a barrier initialised under the HSM root key unseals a vault with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sbx-hsm-barrier-"));
    const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
    const system = store.system;
    const creating = hsmRootKeyProvider(connector, config());
    await initializeBarrier({ system, clock: { now: () => new Date() }, randomBytes: secureRandomBytes }, { type: "dev" }, creating);
    creating.close();
    const vault = new Vault(system, secureRandomBytes);
    const unsealing = hsmRootKeyProvider(connector, config());
    await vault.unseal(unsealing);
    unsealing.close();
    assert.equal(vault.sealed, false);
    vault.seal();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
