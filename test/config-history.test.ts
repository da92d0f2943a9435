import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
} from "@aws-sdk/client-kms";
import { runCli } from "./helpers/child-server.js";
import { rejectsWith } from "./helpers/errors.js";
import { signedCall } from "./helpers/signed-fetch.js";
import { createUser, policy } from "./helpers/principals.js";
import { ACCOUNT, ADMIN, serverPerSuite } from "./helpers/server.js";

interface Item {
  CaptureTime: number;
  ChangedBy: string;
  Configuration: { keyState: string; description?: string; tags?: Record<string, string>; aliases?: string[]; grants?: unknown[]; policy?: unknown };
}

/** AWS Config for keys: each change of a key is a configuration item; history and diff through the admin API and the CLI. */
describe("key configuration history", () => {
  const suite = serverPerSuite();
  const env = { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };
  let deletedKey = "";
  const cli = (...args: string[]) => runCli(["config", ...args, "--endpoint", suite.server.url], { env });

  test("every change is an item; the diff names what changed; a deleted key keeps its history", async () => {
    const kms = suite.kms;
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: "configured" }));
    const key = KeyMetadata!.Arn!;
    const created = suite.server.clock.now();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const grantee = await createUser(suite.server, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }, "config-grantee");
    const widened = policy(
      { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
      { Effect: "Allow", Principal: { AWS: grantee.arn }, Action: "kms:Decrypt", Resource: "*" },
    );
    await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: widened }));
    await kms.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: "team", TagValue: "blue" }] }));
    await kms.send(new CreateAliasCommand({ AliasName: "alias/configured", TargetKeyId: KeyMetadata!.KeyId! }));
    await kms.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: grantee.arn, Operations: ["Decrypt"] }));
    await rejectsWith(kms.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: grantee.arn, Operations: ["Encrypt"], DryRun: true })), "DryRunOperationException");
    await kms.send(new DisableKeyCommand({ KeyId: key }));
    await kms.send(new DisableKeyCommand({ KeyId: key }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: 7 }));

    const history = await cli("history", key, "--endpoint", suite.server.url);
    assert.equal(history.code, 0, history.stderr);
    const changedBy = [...history.stdout.matchAll(/^\S+Z (\w+)$/gm)].map((m) => m[1]);
    assert.deepEqual(changedBy, ["CreateKey", "PutKeyPolicy", "TagResource", "CreateAlias", "CreateGrant", "DisableKey", "ScheduleKeyDeletion"], "one item per change; a DryRun and a repeated DisableKey change nothing");

    const diff = await cli("diff", key, "--from", created.toISOString(), "--to", suite.server.clock.now().toISOString(), "--json");
    assert.equal(diff.code, 0, diff.stderr);
    const changes = (JSON.parse(diff.stdout) as { Changes: { path: string; before?: unknown; after?: unknown }[] }).Changes;
    const paths = changes.map((c) => c.path);
    for (const path of ["aliases", "grants", "keyState", "policy.Statement", "tags.team", "deletionDate"]) assert.ok(paths.includes(path), `${path} is in the diff: ${paths.join(", ")}`);
    assert.deepEqual(changes.find((c) => c.path === "keyState"), { path: "keyState", before: "Enabled", after: "PendingDeletion" });

    deletedKey = key;
  });

  test("reading a key's history needs strongbox:GetKeyConfigurationHistory, and only in the caller's own account", async () => {
    const { KeyMetadata } = await suite.kms.send(new CreateKeyCommand({}));
    const outsider = await createUser(suite.server, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }, "config-outsider");
    const refused = await runCli(["config", "history", KeyMetadata!.Arn!, "--endpoint", suite.server.url], {
      env: { ...env, AWS_ACCESS_KEY_ID: outsider.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: outsider.credentials.secretAccessKey },
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /AccessDeniedException: .*strongbox:GetKeyConfigurationHistory/);
    const foreign = await cli("history", KeyMetadata!.Arn!.replace(ACCOUNT, "999988887777"));
    assert.match(foreign.stderr, /ValidationException/);
  });

  test("a key deleted after its waiting period keeps its history, ending in a Deleted item (runs last: it moves the clock)", async () => {
    suite.server.advanceDays(8);
    await suite.server.strongbox.runLifecycle();
    const answer = await signedCall(suite.server.url, "GetKeyConfigurationHistory", { KeyId: deletedKey }, { targetPrefix: "StrongboxAdmin.", signingDate: suite.server.clock.now() });
    assert.equal(answer.status, 200, answer.text);
    const items = answer.body.ConfigurationItems as Item[];
    const last = items[items.length - 1]!;
    assert.equal(last.ChangedBy, "DeleteKey");
    assert.deepEqual(last.Configuration, { arn: deletedKey, keyState: "Deleted" });
  });
});

