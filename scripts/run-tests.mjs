#!/usr/bin/env node
// Runs every *.test.ts under src/, test/ and bench/ with node:test (through tsx), and prints the runner's totals.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find("src"), ...find("test"), ...find("bench")].sort();
// The AWS SDK (a test dependency) warns that its 2027 releases will need Node 22; the lockfile pins it.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", "--test-concurrency=2", ...files], { stdio: "inherit", env });
process.exit(result.status ?? 1);
