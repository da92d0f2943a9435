import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ERROR_TABLE } from "./errors.js";

test("docs/errors.md lists every error type with the status the code answers", () => {
  const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");
  const rows = new Map<string, number>();
  for (const match of doc.matchAll(/^\| ([A-Za-z]+) \| (\d{3}) \|/gm)) rows.set(match[1]!, Number(match[2]));
  for (const [type, { status }] of Object.entries(ERROR_TABLE)) {
    assert.equal(rows.get(type), status, `${type} should be in docs/errors.md with status ${status}`);
  }
  for (const type of rows.keys()) assert.ok(type in ERROR_TABLE, `docs/errors.md lists ${type}, which the code does not have`);
});

test("client faults are 4xx and server faults 5xx, so SDKs retry only what is worth retrying", () => {
  for (const [type, { status, fault }] of Object.entries(ERROR_TABLE)) {
    assert.equal(fault === "server", status >= 500, type);
  }
});
