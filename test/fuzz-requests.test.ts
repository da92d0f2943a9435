/**
 * Hostile input, property-based (fast-check): random and mutated JSON bodies, sent signed to
 * every operation of KMS, Secrets Manager and Parameter Store on a real server. Whatever comes
 * in, the answer is 200 or a well-formed AWS client error (never a 5xx), and the server keeps
 * serving. FUZZ_RUNS sets the number of cases (`npm run test:fuzz` runs 100,000).
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import fc from "fast-check";
import { ListKeysCommand } from "@aws-sdk/client-kms";
import { TARGETS, jsonBody as body } from "./helpers/fuzz-bodies.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { startTestServer, type TestServer } from "./helpers/server.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 5000);

describe("hostile request bodies", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test(`${RUNS} random bodies to every operation: 200 or a well-formed client error, never a 5xx`, async (t) => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TARGETS), body, async (target, payload) => {
        cases++;
        const answer = await signedCall(server.url, target.operation, payload, { service: target.service, targetPrefix: target.prefix });
        assert.ok(answer.status < 500, `${target.prefix}${target.operation} answered ${answer.status} ${answer.text.slice(0, 200)} to ${payload.slice(0, 200)}`);
        if (answer.status !== 200) {
          assert.equal(typeof answer.body.__type, "string", answer.text.slice(0, 200));
          assert.equal(typeof (answer.body.message ?? answer.body.Message), "string", answer.text.slice(0, 200));
          assert.ok(!/\n\s+at /.test(answer.text), "no stack trace");
        }
      }),
      { numRuns: RUNS },
    );
    assert.equal(cases, RUNS);
    t.diagnostic(`fuzz-requests: ${cases} cases, 0 failures`);
    const kms = server.kms();
    try {
      assert.ok((await kms.send(new ListKeysCommand({}))).Keys, "the server still serves");
    } finally {
      kms.destroy();
    }
  });
});
