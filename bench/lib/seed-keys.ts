/**
 * Fills a --dev data dir with many real KMS keys, fast, for the scale benchmark. Each key is
 * built exactly as CreateKey builds a symmetric key (newKmsKey, the default key policy, its own
 * 256-bit material from the CSPRNG sealed under the real barrier by KeyMaterialVault.create, bound
 * to keyMaterialIdentity(key, material): no key can open another's material or ciphertexts) and
 * stored by the real SQLite key repository.
 *
 * Three things make a million keys take minutes instead of hours, none of which changes a row:
 * - many keys per transaction: the repository's own per-key transaction becomes a savepoint
 *   inside one outer transaction per batch, so there is one commit per batch, not per key;
 * - synchronous=OFF on this connection only: a seed that dies half way is thrown away anyway.
 *   The server reopens the file with its own durable settings (WAL, synchronous=FULL), and the
 *   WAL is checkpointed into the database file before we close, as after a long-running server;
 * - key-id order (below).
 *
 * Only for a data dir a --dev server initialised (its root key is the file beside the store), and
 * only while no server has the data dir open.
 */
import { join } from "node:path";
import { loadDevRootKey } from "../../src/adapters/seal/dev-root-key-file.js";
import { openSqlite } from "../../src/adapters/sqlite/database.js";
import { makeSqliteKeyRepository } from "../../src/adapters/sqlite/key-repository.js";
import { makeSqliteSystemRepository } from "../../src/adapters/sqlite/system-repository.js";
import { KeyMaterialVault } from "../../src/app/kms/key-material.js";
import { Vault } from "../../src/app/seal/vault.js";
import { secureRandomBytes } from "../../src/core/crypto/random.js";
import { KEY_MATERIAL_ID_BYTES } from "../../src/core/kms/ciphertext-blob.js";
import { defaultKeyPolicy } from "../../src/core/kms/default-key-policy.js";
import { keyArn, uuidFromRandom } from "../../src/core/kms/identifiers.js";
import { newKmsKey, type KmsKey } from "../../src/core/kms/kms-key.js";
import type { WrappedKeyMaterial } from "../../src/ports/key-repository.js";
import { DATABASE_FILE } from "../../src/main.js";

export interface SeedOptions {
  readonly dataDir: string;
  readonly count: number;
  readonly accountId: string;
  readonly region: string;
  readonly partition?: string;
  /** Keys per transaction. */
  readonly batch?: number;
  readonly onProgress?: (done: number) => void;
}

export interface SeedResult {
  /** The key ids, in the order they were written (sorted). */
  readonly keyIds: string[];
  readonly seconds: number;
  /** Of which in SQLite writes (the rest builds and wraps keys). */
  readonly writeSeconds: number;
}

export async function seedKeys(options: SeedOptions): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const partition = options.partition ?? "aws";
  const batchSize = options.batch ?? 2_000;
  const db = openSqlite(join(options.dataDir, DATABASE_FILE));
  const vault = new Vault(makeSqliteSystemRepository(db), secureRandomBytes);
  let writeNanos = 0n;
  try {
    db.pragma("synchronous = OFF");
    const rootKey = loadDevRootKey(options.dataDir);
    try {
      await vault.unseal(rootKey);
    } finally {
      rootKey.close();
    }
    const keys = makeSqliteKeyRepository(db, partition);
    // The material cache is never read here: the seed only generates and wraps.
    const material = new KeyMaterialVault({ keys, barrier: () => vault.barrier(), randomBytes: secureRandomBytes }, { maxEntries: 1, maxAgeMs: 1, now: Date.now });
    const scope = { partition, region: options.region, accountId: options.accountId };
    const policy = defaultKeyPolicy(partition, options.accountId);

    // The repository's create is async only by its port's signature: better-sqlite3 runs the
    // insert synchronously inside the call, so it lands in this outer transaction. Its promise
    // is kept to surface an error (the savepoint of that key rolled back).
    let pending: Promise<void>[] = [];
    const writeBatch = db.transaction((rows: readonly { key: KmsKey; material: WrappedKeyMaterial }[]) => {
      for (const row of rows) pending.push(keys.create(row.key, row.material));
    });

    // Every key id drawn first and written in sorted order: each index keyed by key id then
    // grows at its right edge, so a batch dirties a few hundred contiguous pages instead of
    // most of the index (the rows are the same; only the order they arrive in differs).
    const keyIds = Array.from({ length: options.count }, () => uuidFromRandom(secureRandomBytes(16))).sort();
    let written = 0;
    while (written < keyIds.length) {
      const rows: { key: KmsKey; material: WrappedKeyMaterial }[] = [];
      const now = new Date();
      for (const keyId of keyIds.slice(written, written + batchSize)) {
        const materialId = secureRandomBytes(KEY_MATERIAL_ID_BYTES).toString("hex");
        const locator = { accountId: options.accountId, region: options.region, keyId };
        const created = await material.create(locator, "SYMMETRIC_DEFAULT", materialId);
        const key = newKmsKey({
          origin: { type: "AWS_KMS", materialId },
          keySpec: "SYMMETRIC_DEFAULT",
          keyUsage: "ENCRYPT_DECRYPT",
          publicKey: undefined,
          locator,
          arn: keyArn(scope, keyId),
          createdAt: now,
          description: "",
          tags: [],
          policy,
          policyPins: {},
        });
        rows.push({ key, material: created.material });
      }
      const writing = process.hrtime.bigint();
      writeBatch.immediate(rows);
      await Promise.all(pending);
      writeNanos += process.hrtime.bigint() - writing;
      pending = [];
      written += rows.length;
      options.onProgress?.(written);
    }
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { keyIds, seconds: Number(process.hrtime.bigint() - started) / 1e9, writeSeconds: Number(writeNanos) / 1e9 };
  } finally {
    vault.seal();
    db.close();
  }
}
