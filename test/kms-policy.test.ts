import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CreateKeyCommand, GetKeyPolicyCommand, ListKeyPoliciesCommand } from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, serverPerSuite } from "./helpers/server.js";

describe("KMS key policies (before access control)", () => {
  const suite = serverPerSuite();

  test("a new key has the default policy, formatted as AWS returns it", async () => {
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const names = await suite.kms.send(new ListKeyPoliciesCommand({ KeyId }));
    assert.deepEqual(names.PolicyNames, ["default"]);
    assert.equal(names.Truncated, false);
    const policy = await suite.kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: "default" }));
    assert.equal(policy.PolicyName, "default");
    assert.equal(
      policy.Policy,
      `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${ACCOUNT}:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`,
    );
    assert.equal((await suite.kms.send(new GetKeyPolicyCommand({ KeyId }))).Policy, policy.Policy);
    await rejectsWith(suite.kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: "other" })), "NotFoundException");
  });

  test("a policy given at CreateKey is kept as given", async () => {
    const document = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] });
    const { KeyId } = (await suite.kms.send(new CreateKeyCommand({ Policy: document }))).KeyMetadata!;
    assert.equal((await suite.kms.send(new GetKeyPolicyCommand({ KeyId }))).Policy, document);
    await rejectsWith(suite.kms.send(new CreateKeyCommand({ Policy: JSON.stringify({ Statement: [], pad: "x".repeat(33_000) }) })), "LimitExceededException");
  });
});
