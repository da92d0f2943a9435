import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_HTTP_LIMITS, httpLimits } from "./limits.js";

test("defaults, then the environment, then the configuration; malformed values are refused", () => {
  assert.deepEqual(httpLimits({}), DEFAULT_HTTP_LIMITS);
  assert.equal(httpLimits({ STRONGBOX_MAX_CONNECTIONS: "50" }).maxConnections, 50);
  assert.equal(httpLimits({ STRONGBOX_MAX_CONNECTIONS: "50" }, { maxConnections: 7 }).maxConnections, 7);
  assert.throws(() => httpLimits({ STRONGBOX_MAX_BODY_BYTES: "1MB" }), /STRONGBOX_MAX_BODY_BYTES must be a positive whole number/);
  assert.throws(() => httpLimits({ STRONGBOX_MAX_JSON_DEPTH: "0" }), /STRONGBOX_MAX_JSON_DEPTH/);
  assert.throws(() => httpLimits({}, { headersTimeoutMs: -1 }), /headersTimeoutMs/);
});
