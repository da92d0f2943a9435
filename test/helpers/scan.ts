import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Asserts that none of `secrets`, in any of the forms given (raw, base64, hex...), appears in the
 * server's data files (the database and its WAL; the dev root key file aside) or in its logs.
 * Call it after the server has closed, so that everything it wrote is in the files.
 */
export function assertSecretsAbsent(
  server: { readonly dataDir: string; logs(): string },
  secrets: readonly Buffer[],
  forms: readonly ((secret: Buffer) => Buffer)[] = [(s) => s, (s) => Buffer.from(s.toString("base64")), (s) => Buffer.from(s.toString("hex"))],
): void {
  const dataDir = join(server.dataDir, "data");
  const files = readdirSync(dataDir).filter((name) => name !== "dev-root-key.json");
  assert.ok(files.includes("strongbox.db"), "the database file is there to scan");
  const stored = files.map((name) => readFileSync(join(dataDir, name)));
  const logs = Buffer.from(server.logs());
  assert.ok(logs.length > 0, "the server logged while the secrets flowed");
  assert.ok(secrets.length > 0, "there are secrets to look for");
  for (const secret of secrets) {
    for (const form of forms.map((f) => f(secret))) {
      for (const [i, content] of stored.entries()) assert.equal(content.indexOf(form), -1, `a secret was found in ${files[i]}`);
      assert.equal(logs.indexOf(form), -1, "a secret was found in the logs");
    }
  }
}
