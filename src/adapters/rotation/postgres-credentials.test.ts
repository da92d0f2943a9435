import assert from "node:assert/strict";
import { it } from "node:test";
import { alternateUsername, BadSecret, parseCredentials } from "./postgres-credentials.js";

const base = { engine: "postgres", host: "db.internal", username: "app", password: "p@ss word" };

it("reads the template's secret shape, with its defaults (port 5432, dbname postgres)", () => {
  const c = parseCredentials(JSON.stringify({ ...base, extra: [1] }), "AWSCURRENT");
  assert.deepEqual([c.host, c.port, c.username, c.password, c.dbname, c.masterarn], ["db.internal", 5432, "app", "p@ss word", "postgres", undefined]);
  assert.deepEqual(c.fields.extra, [1]);
  assert.equal(parseCredentials(JSON.stringify({ ...base, port: "6543", dbname: "x", masterarn: "arn:m", engine: "aurora-postgresql" }), "x").port, 6543);
});

it("refuses what AWS's templates refuse, without quoting the secret", () => {
  const bad: [unknown, RegExp][] = [
    ["{not json p@ss word", /is not valid JSON$/],
    [[1], /not a JSON object/],
    [{ ...base, host: undefined }, /has no host/],
    [{ ...base, password: 7 }, /has no password/],
    [{ ...base, engine: "mysql" }, /engine must be "postgres"/],
    [{ ...base, port: "54x" }, /not a TCP port/],
    [{ ...base, port: 70000 }, /not a TCP port/],
    [{ ...base, ssl: true }, /asks for TLS/],
  ];
  for (const [secret, message] of bad) {
    const text = typeof secret === "string" ? secret : JSON.stringify(secret);
    assert.throws(() => parseCredentials(text, "AWSCURRENT"), (e: unknown) => e instanceof BadSecret && message.test(e.message) && !e.message.includes("p@ss word"));
  }
  assert.equal(parseCredentials(JSON.stringify({ ...base, ssl: false }), "x").host, "db.internal");
});

it("alternates user and user_clone, refusing a clone name over 63 bytes", () => {
  assert.equal(alternateUsername("app"), "app_clone");
  assert.equal(alternateUsername("app_clone"), "app");
  assert.equal(alternateUsername("x".repeat(57)), `${"x".repeat(57)}_clone`);
  assert.throws(() => alternateUsername("x".repeat(58)), /exceed 63 bytes/);
  assert.throws(() => alternateUsername("é".repeat(29)), /exceed 63 bytes/);
});
