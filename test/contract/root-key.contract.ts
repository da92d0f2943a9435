import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { secureRandomBytes } from "../../src/core/crypto/random.js";
import { SecretBytes } from "../../src/core/secret-bytes.js";
import type { RootKeyProvider } from "../../src/ports/root-key.js";

/**
 * What the vault relies on from every RootKeyProvider (dev file, passphrase, PKCS#11 token):
 * wrap/unwrap round trips bound to the identity, anything else unwraps to undefined, and
 * another provider's root key (a second one made the same way) cannot open its boxes.
 */
export function describeRootKeyContract(kind: string, make: () => Promise<RootKeyProvider> | RootKeyProvider, makeOther: () => Promise<RootKeyProvider> | RootKeyProvider): void {
  describe(`RootKeyProvider contract: ${kind}`, () => {
    test("round trip, bound to the identity; damaged, foreign or empty boxes do not open", async () => {
      const root = await make();
      const other = await makeOther();
      try {
        const secret = SecretBytes.adopt(secureRandomBytes(32));
        const wrapped = await root.wrap(secret, "barrier/term/7");
        assert.ok(!wrapped.includes(secret.use((b) => Buffer.from(b))), "the wrapped form does not contain the key");
        const opened = await root.unwrap(wrapped, "barrier/term/7");
        assert.ok(opened?.use((a) => secret.use((b) => a.equals(b))));
        assert.equal(await root.unwrap(wrapped, "barrier/term/8"), undefined);
        const damaged = Buffer.from(wrapped);
        damaged[damaged.length - 5] = (damaged[damaged.length - 5] as number) ^ 0x80;
        assert.equal(await root.unwrap(damaged, "barrier/term/7"), undefined);
        assert.equal(await root.unwrap(Buffer.alloc(0), "barrier/term/7"), undefined);
        assert.equal(await other.unwrap(wrapped, "barrier/term/7"), undefined, "another root key does not open it");
        assert.equal(typeof root.kind, "string");
      } finally {
        root.close();
        other.close();
      }
    });
  });
}
