/**
 * A SecureString value never reaches the database file, the server's logs or the audit trail in
 * plaintext (nor as base64 or hex), whatever operations carried it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CloudTrailClient, paginateLookupEvents } from "@aws-sdk/client-cloudtrail";
import { GetParameterCommand, GetParameterHistoryCommand, GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { rejectsWith } from "./helpers/errors.js";
import { ADMIN, REGION, startTestServer } from "./helpers/server.js";

describe("SecureString values at rest", () => {
  test("appear in no store file, no log line and no audit event", async () => {
    const server = await startTestServer({ keepDataDir: true });
    const values = [0, 1, 2].map(() => `ssm-secret-${randomBytes(12).toString("hex")}`);
    const ssm = new SSMClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    const cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    let events = "";
    try {
      await ssm.send(new PutParameterCommand({ Name: "/rest/a", Value: values[0]!, Type: "SecureString" }));
      // A String value is stored as given: the scan below would find it, so it is looking in the right place.
      await ssm.send(new PutParameterCommand({ Name: "/rest/plain", Value: "plain-marker-7f3a9c", Type: "String" }));
      await ssm.send(new PutParameterCommand({ Name: "/rest/a", Value: values[1]!, Overwrite: true }));
      await ssm.send(new PutParameterCommand({ Name: "/rest/b", Value: values[2]!, Type: "SecureString", Tier: "Advanced" }));
      assert.equal((await ssm.send(new GetParameterCommand({ Name: "/rest/a:1", WithDecryption: true }))).Parameter!.Value, values[0]);
      await ssm.send(new GetParametersCommand({ Names: ["/rest/a", "/rest/b"], WithDecryption: true }));
      await ssm.send(new GetParametersByPathCommand({ Path: "/rest", WithDecryption: true }));
      await ssm.send(new GetParameterHistoryCommand({ Name: "/rest/a", WithDecryption: true }));
      // Refused writes must not echo the value either.
      await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/rest/a", Value: values[0]!, Type: "SecureString" })), "ParameterAlreadyExists");
      await rejectsWith(ssm.send(new PutParameterCommand({ Name: "/rest/c", Value: values[0]!, Type: "SecureString", AllowedPattern: "^x$" })), "ParameterPatternMismatchException");
      await server.strongbox.auditLog.drain();
      for await (const page of paginateLookupEvents({ client: cloudtrail }, {})) events += JSON.stringify(page.Events ?? []);
      assert.ok(events.includes("ssm.amazonaws.com"), "the Parameter Store calls are in the trail");
    } finally {
      ssm.destroy();
      cloudtrail.destroy();
      await server.strongbox.close();
    }
    const dataDir = join(server.dataDir, "data");
    const files = readdirSync(dataDir).filter((name) => name !== "dev-root-key.json");
    assert.ok(files.includes("strongbox.db"));
    const stored = files.map((name) => readFileSync(join(dataDir, name)));
    const logs = Buffer.from(server.logs());
    assert.ok(logs.length > 0);
    assert.ok(stored.some((content) => content.includes(Buffer.from("plain-marker-7f3a9c"))), "the scan reads the store");
    for (const value of values) {
      const secret = Buffer.from(value);
      for (const form of [secret, Buffer.from(secret.toString("base64")), Buffer.from(secret.toString("hex"))]) {
        for (const [i, content] of stored.entries()) assert.equal(content.indexOf(form), -1, `a value was found in ${files[i]}`);
        assert.equal(logs.indexOf(form), -1, "a value was found in the logs");
        assert.ok(!events.includes(form.toString()), "a value was found in the audit trail");
      }
    }
    rmSync(server.dataDir, { recursive: true, force: true });
  });
});
