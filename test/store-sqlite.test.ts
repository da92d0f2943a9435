import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../src/adapters/sqlite/store.js";
import { describeIamStoreContract } from "./contract/iam-store.contract.js";
import { describeStoreContract } from "./contract/store.contract.js";
import { describeCustomKeyStoreContract } from "./contract/custom-key-store.contract.js";
import { describeSecretStoreContract } from "./contract/secret-store.contract.js";
import { describeParameterStoreContract } from "./contract/parameter-store.contract.js";

/** A fresh SQLite store in a temp dir, for each contract test. */
async function sqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), "sbx-store-"));
  const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeStoreContract("SQLite", sqliteStore);
describeIamStoreContract("SQLite", sqliteStore);
describeCustomKeyStoreContract("SQLite", sqliteStore);
describeSecretStoreContract("SQLite", sqliteStore);
describeParameterStoreContract("SQLite", sqliteStore);
