/** The supply chain claims of docs/security.md that a file can show: exact pins, agreeing with the lockfile. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), "utf8")) as Record<string, unknown>;

test("every dependency is pinned to the exact version the lockfile installs, and only named packages may run install scripts", () => {
  const pkg = read("package.json") as { dependencies: Record<string, string>; devDependencies: Record<string, string>; allowScripts: Record<string, boolean> };
  const lock = read("package-lock.json") as { packages: Record<string, { version?: string; hasInstallScript?: boolean; dev?: boolean }> };
  const declared = { ...pkg.dependencies, ...pkg.devDependencies };
  assert.ok(Object.keys(declared).length > 20, "the manifest was read");
  for (const [name, range] of Object.entries(declared)) {
    assert.match(range, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, `${name} is pinned exactly, not "${range}"`);
    assert.equal(lock.packages[`node_modules/${name}`]?.version, range, `${name}: the lockfile installs the pinned version`);
  }
  const withScripts = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== "" && entry.hasInstallScript === true)
    .map(([path]) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length));
  assert.deepEqual([...new Set(withScripts)].sort(), Object.keys(pkg.allowScripts).sort(), "the packages with install scripts are exactly those allowScripts names");
  assert.match(readFileSync(new URL("../.npmrc", import.meta.url), "utf8"), /^strict-allow-scripts=true$/m, "npm refuses any other install script");
});
