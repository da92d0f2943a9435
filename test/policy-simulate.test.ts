import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateKeyCommand } from "@aws-sdk/client-kms";
import { runCli } from "./helpers/child-server.js";
import { createUser, policy } from "./helpers/principals.js";
import { ACCOUNT, ADMIN, serverPerSuite } from "./helpers/server.js";

/** `strongbox policy simulate` (the CLI, built, in a child process) against a real server. */
describe("policy simulation", () => {
  const suite = serverPerSuite();
  const admin = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
  const env = { STRONGBOX_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, STRONGBOX_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };
  const simulate = (...args: string[]) => runCli(["policy", "simulate", "--endpoint", suite.server.url, "--json", ...args], { env });

  test("names the statement that allows, the one that denies, and the missing one", async () => {
    const alice = await createUser(suite.server, admin, "sim-alice", { policies: { decrypt: policy({ Sid: "DecryptBilling", Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:app": "billing" } } }) } });
    const { KeyMetadata } = await suite.kms.send(
      new CreateKeyCommand({
        Policy: policy(
          { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
          { Sid: "NoEncryptForAlice", Effect: "Deny", Principal: { AWS: alice.arn }, Action: "kms:Encrypt", Resource: "*" },
        ),
      }),
    );
    const key = KeyMetadata!.KeyId!;

    const allowed = await simulate("--principal", alice.arn, "--action", "kms:Decrypt", "--key", key, "--context", "app=billing");
    assert.equal(allowed.code, 0, allowed.stderr);
    const yes = JSON.parse(allowed.stdout) as Record<string, string>;
    assert.equal(yes.Decision, "allowed");
    assert.equal(yes.Reason, "allowed-by-identity-policy");
    assert.equal(yes.DecidedBy, `identity policy decrypt of ${alice.arn}: statement "DecryptBilling"`);
    assert.equal(yes.Resource, KeyMetadata!.Arn);

    const otherContext = await simulate("--principal", alice.arn, "--action", "kms:Decrypt", "--key", key, "--context", "app=payroll");
    assert.equal(otherContext.code, 3);
    const missing = JSON.parse(otherContext.stdout) as Record<string, string>;
    assert.equal(missing.Reason, "no-identity-policy-allows");
    assert.equal(
      missing.Explanation,
      `the key policy of ${KeyMetadata!.Arn}: statement "Enable IAM User Permissions" allows the account ${ACCOUNT}, so an identity policy of ${alice.arn} must allow kms:Decrypt; none of its 1 identity policies does.`,
    );

    const denied = await simulate("--principal", alice.arn, "--action", "kms:Encrypt", "--key", key);
    assert.equal(denied.code, 3);
    const no = JSON.parse(denied.stdout) as Record<string, string>;
    assert.equal(no.Reason, "explicit-deny-in-resource-policy");
    assert.match(no.DecidedBy!, /statement "NoEncryptForAlice"$/);

    const root = await simulate("--principal", `arn:aws:iam::${ACCOUNT}:root`, "--action", "kms:Encrypt", "--key", key);
    assert.equal(root.code, 0);
    const lowercase = await simulate("--principal", `arn:aws:iam::${ACCOUNT}:root`, "--action", "kms:encrypt", "--key", key);
    assert.equal((JSON.parse(lowercase.stdout) as Record<string, string>).Action, "kms:Encrypt", "actions are matched without case and answered in AWS's spelling");
    // Any account's root can be simulated, existing or not: the answer says nothing about which accounts exist.
    const strangerRoot = await simulate("--principal", "arn:aws:iam::999988887777:root", "--action", "kms:Encrypt", "--key", key);
    assert.equal(strangerRoot.code, 3);
    assert.equal((JSON.parse(strangerRoot.stdout) as Record<string, string>).Reason, "no-resource-policy-allows");
    for (const [flag, value, message] of [
      ["--action", "kms:Frobnicate", /ValidationException: Action must name one KMS action on a key/],
      ["--action", "kms:ListKeys", /ValidationException: Action must name one KMS action on a key/],
      ["--source-ip", "not-an-address", /ValidationException: .*IPv4 or IPv6 address/],
    ] as const) {
      const args = { "--action": "kms:Encrypt", "--source-ip": "10.0.0.1", [flag]: value };
      const bad = await simulate("--principal", alice.arn, "--action", args["--action"], "--key", key, "--source-ip", args["--source-ip"]);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, message);
    }
  });

  test("refuses unknown principals and callers who may not read the key policy", async () => {
    const { KeyMetadata } = await suite.kms.send(new CreateKeyCommand({}));
    const unknown = await simulate("--principal", `arn:aws:iam::${ACCOUNT}:user/nobody`, "--action", "kms:Decrypt", "--key", KeyMetadata!.KeyId!);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /NotFoundException: No principal/);
    const bob = await createUser(suite.server, admin, "sim-bob");
    const asBob = await runCli(["policy", "simulate", "--endpoint", suite.server.url, "--principal", `arn:aws:iam::${ACCOUNT}:root`, "--action", "kms:Decrypt", "--key", KeyMetadata!.KeyId!], {
      env: { ...env, AWS_ACCESS_KEY_ID: bob.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: bob.credentials.secretAccessKey },
    });
    assert.equal(asBob.code, 1);
    assert.match(asBob.stderr, /AccessDeniedException: User: arn:aws:iam::111122223333:user\/sim-bob is not authorized to perform: kms:GetKeyPolicy/);
    const reader = await createUser(suite.server, admin, "sim-reader", { policies: { keys: policy({ Effect: "Allow", Action: ["kms:GetKeyPolicy", "kms:ListGrants"], Resource: "*" }) } });
    const asReader = await runCli(["policy", "simulate", "--endpoint", suite.server.url, "--principal", bob.arn, "--action", "kms:Decrypt", "--key", KeyMetadata!.KeyId!], {
      env: { ...env, AWS_ACCESS_KEY_ID: reader.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: reader.credentials.secretAccessKey },
    });
    assert.equal(asReader.code, 1);
    assert.match(asReader.stderr, /user\/sim-reader is not authorized to perform: iam:GetUserPolicy on resource: arn:aws:iam::111122223333:user\/sim-bob/);
  });
});
