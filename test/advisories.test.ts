/**
 * The advisory check (scripts/audit.mjs) against a registry of the test's own, which answers npm
 * audit's bulk advisory request as the test says: the real npm audit runs, over our lockfile.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("../scripts/audit.mjs", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));

type Answer = { status: number; advisories?: Record<string, unknown[]> };

function runAudit(registry: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  // A cache of its own each time: npm keeps advisory answers, and each test gives different ones.
  const cache = mkdtempSync(join(tmpdir(), "sbx-npm-cache-"));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT], { cwd: ROOT, env: { ...process.env, STRONGBOX_AUDIT_REGISTRY: registry, npm_config_cache: cache, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    child.on("exit", (code) => {
      rmSync(cache, { recursive: true, force: true });
      resolve({ code, output });
    });
  });
}

describe("the advisory check", () => {
  let server: Server;
  let registry: string;
  let answer: Answer = { status: 200, advisories: {} };
  const asked: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        asked.push(`${req.method} ${req.url}`);
        if (req.method === "GET") {
          // npm audit reads the packument of each package an advisory names.
          const name = decodeURIComponent((req.url ?? "/").slice(1));
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify({ name, "dist-tags": { latest: "10.4.0" }, versions: { "10.4.0": { name, version: "10.4.0" } } }));
          return;
        }
        res.writeHead(answer.status, { "content-type": "application/json" });
        res.end(JSON.stringify(answer.advisories ?? { error: "Method Not Allowed" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  });
  after(() => server.close());

  test("a high advisory on a runtime dependency fails it, naming the package and the advisory", async () => {
    answer = { status: 200, advisories: { pino: [{ id: 1, url: "https://example.invalid/advisory/1", title: "A planted advisory", severity: "high", vulnerable_versions: "<=99.0.0", cwe: [], cvss: { score: 8, vectorString: null } }] } };
    const { code, output } = await runAudit(registry);
    assert.equal(code, 1, output);
    assert.match(output, /advisories: FAILED, 1 runtime dependencies with high or critical advisories/);
    assert.match(output, /pino .*: high: A planted advisory \(https:\/\/example\.invalid\/advisory\/1\)/);
    assert.ok(asked.some((a) => a.startsWith("POST /-/npm/v1/security/advisories/bulk")), "npm audit asked the registry");
  });

  test("no advisory, or only a moderate one, passes", async () => {
    answer = { status: 200, advisories: {} };
    assert.equal((await runAudit(registry)).code, 0);
    answer = { status: 200, advisories: { pino: [{ id: 2, url: "https://example.invalid/advisory/2", title: "Moderate", severity: "moderate", vulnerable_versions: "<=99.0.0", cwe: [], cvss: { score: 5, vectorString: null } }] } };
    const { code, output } = await runAudit(registry);
    assert.equal(code, 0, output);
    assert.match(output, /advisories: none high or critical/);
  });

  test("a registry that refuses the question is reported as not checked, and fails when the check is required", async () => {
    answer = { status: 405 };
    const lenient = await runAudit(registry);
    assert.equal(lenient.code, 0);
    assert.match(lenient.output, /advisories: NOT CHECKED, npm audit could not ask for advisories/);
    const strict = await runAudit(registry, { STRONGBOX_REQUIRE_AUDIT: "1" });
    assert.equal(strict.code, 1);
    assert.match(strict.output, /advisories: FAILED, npm audit could not ask for advisories/);
  });
});
