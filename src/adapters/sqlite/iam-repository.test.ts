import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeIamStoreContract } from "../../../test/helpers/iam-store-contract.js";
import { openSqliteStore } from "./store.js";

describeIamStoreContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-iam-store-"));
  const store = openSqliteStore(join(dir, "strongbox.db"), { partition: "aws" });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
