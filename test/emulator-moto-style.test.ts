/**
 * Issue 10's acceptance suite: test/emulator/moto_style_suite.py, written as moto's server-mode
 * suites are (boto3, fake credentials, account 123456789012, several Regions, a reset around each
 * test), run unchanged against `strongbox server --emulator --account-id 123456789012`.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { after, before, test } from "node:test";
import { startChildServer, type ChildServer } from "./helpers/child-server.js";

const run = promisify(execFile);
const SUITE = fileURLToPath(new URL("./emulator/moto_style_suite.py", import.meta.url));

let server: ChildServer;
before(async () => {
  server = await startChildServer(["--emulator", "--account-id", "123456789012"]);
});
after(async () => {
  server.child.kill("SIGTERM");
  await server.exited();
});

test("a moto-style boto3 suite passes unchanged against the emulator", async () => {
  const { stderr } = await run(process.env.STRONGBOX_TEST_PYTHON ?? "python3", [SUITE], {
    env: { ...process.env, STRONGBOX_ENDPOINT: server.url, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    timeout: 120_000,
  }).catch((error: { stdout?: string; stderr?: string }) => assert.fail(`the suite failed:\n${error.stderr ?? ""}${error.stdout ?? ""}`));
  // unittest reports on stderr: every test by name, then the count.
  assert.match(stderr, /Ran 8 tests/);
  assert.match(stderr, /\nOK\n?$/);
  assert.doesNotMatch(stderr, /skipped|expected failure/);
});
