import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAccessKeysCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagRoleCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { ListKeysCommand } from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { allowAll, createAccount, iamAs, policyDocument, queryCall, stsAs, trustAccount, xmlText, type Credentials } from "./helpers/iam.js";
import { ACCOUNT, serverPerSuite } from "./helpers/server.js";

const statusOf = (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode;

describe("IAM over the AWS Query protocol", () => {
  const suite = serverPerSuite();
  const iam = () => iamAs(suite.server);

  async function userWithKey(name: string, policies: Record<string, string> = {}): Promise<Credentials> {
    await iam().send(new CreateUserCommand({ UserName: name }));
    for (const [PolicyName, PolicyDocument] of Object.entries(policies)) await iam().send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }

  test("user lifecycle: create with path and tags, get (names ignore case), list by path and page, delete", async () => {
    const before = Date.now();
    const { User } = await iam().send(new CreateUserCommand({ UserName: "alice", Path: "/eng/", Tags: [{ Key: "team", Value: "blue" }] }));
    assert.equal(User!.UserName, "alice");
    assert.equal(User!.Path, "/eng/");
    assert.equal(User!.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/alice`);
    assert.match(User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(Math.abs(User!.CreateDate!.getTime() - before) < 60_000);
    assert.deepEqual(User!.Tags, [{ Key: "team", Value: "blue" }]);

    const got = (await iam().send(new GetUserCommand({ UserName: "ALICE" }))).User!;
    assert.deepEqual(got, User);
    const self = (await iam().send(new GetUserCommand({}))).User!;
    assert.equal(self.Arn, `arn:aws:iam::${ACCOUNT}:root`);
    assert.equal(self.UserId, ACCOUNT);

    for (const name of ["u1", "u2", "u3"]) await iam().send(new CreateUserCommand({ UserName: name, Path: "/ops/" }));
    const eng = await iam().send(new ListUsersCommand({ PathPrefix: "/eng/" }));
    assert.deepEqual(eng.Users!.map((u) => u.UserName), ["alice"]);
    assert.equal(eng.Users![0]!.Tags, undefined, "ListUsers leaves tags out, as AWS does");
    const first = await iam().send(new ListUsersCommand({ PathPrefix: "/ops/", MaxItems: 2 }));
    assert.deepEqual(first.Users!.map((u) => u.UserName), ["u1", "u2"]);
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListUsersCommand({ PathPrefix: "/ops/", MaxItems: 2, Marker: first.Marker! }));
    assert.deepEqual(second.Users!.map((u) => u.UserName), ["u3"]);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    await rejectsWith(iam().send(new ListUsersCommand({ Marker: "not-a-marker" })), "ValidationError");

    await iam().send(new DeleteUserCommand({ UserName: "Alice" }));
    const gone = await rejectsWith(iam().send(new GetUserCommand({ UserName: "alice" })), "NoSuchEntityException", "The user with name alice cannot be found.");
    assert.equal(statusOf(gone), 404);
  });

  test("AWS codes, statuses and messages for bad requests", async () => {
    await iam().send(new CreateUserCommand({ UserName: "dup" }));
    const exists = await rejectsWith(iam().send(new CreateUserCommand({ UserName: "DUP" })), "EntityAlreadyExistsException", "User with name DUP already exists.");
    assert.equal(statusOf(exists), 409);
    const invalid = await rejectsWith(
      iam().send(new CreateUserCommand({ UserName: "no spaces" })),
      "ValidationError",
      /^1 validation error detected: Value 'no spaces' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    assert.equal(statusOf(invalid), 400);
    await rejectsWith(iam().send(new CreateUserCommand({ UserName: "x".repeat(65) })), "ValidationError", /Member must have length less than or equal to 64/);
    await rejectsWith(iam().send(new CreateUserCommand({ UserName: "p", Path: "no-slashes" })), "ValidationError", /at 'path'/);
    await rejectsWith(iam().send(new CreateUserCommand({ UserName: "t", Tags: [{ Key: "aws:reserved", Value: "v" }] })), "InvalidInputException");
    await rejectsWith(iam().send(new CreateUserCommand({ UserName: "t", Tags: [{ Key: "a", Value: "1" }, { Key: "A", Value: "2" }] })), "InvalidInputException", /Duplicate tag keys/);
    await rejectsWith(iam().send(new DeleteUserCommand({ UserName: "nobody" })), "NoSuchEntityException");
    await rejectsWith(iam().send(new GetRoleCommand({ RoleName: "nothing" })), "NoSuchEntityException", "The role with name nothing cannot be found.");
    await rejectsWith(iam().send(new CreateUserCommand({ UserName: "pb", PermissionsBoundary: "arn:aws:iam::aws:policy/X" })), "ValidationError", /PermissionsBoundary/);
  });

  test("a change to a user's inline policies applies to the user's very next call (the cached policies are forgotten on write)", async () => {
    const heidi = await userWithKey("heidi", { kms: allowAll("kms:ListKeys") });
    const kms = suite.server.kms({ credentials: heidi });
    // Several calls first, so that whatever the server keeps of heidi's policies is warm.
    for (let i = 0; i < 3; i++) await kms.send(new ListKeysCommand({}));
    await iam().send(new PutUserPolicyCommand({ UserName: "heidi", PolicyName: "deny", PolicyDocument: policyDocument({ Effect: "Deny", Action: "kms:ListKeys", Resource: "*" }) }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "AccessDeniedException");
    await iam().send(new DeleteUserPolicyCommand({ UserName: "heidi", PolicyName: "deny" }));
    await kms.send(new ListKeysCommand({}));
    await iam().send(new DeleteUserPolicyCommand({ UserName: "heidi", PolicyName: "kms" }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "AccessDeniedException");
  });

  test("a user's access keys sign KMS and STS requests as the user; inactive and deleted keys are refused at once", async () => {
    const carol = await userWithKey("carol", { kms: allowAll("kms:ListKeys") });
    const kms = suite.server.kms({ credentials: carol });
    await kms.send(new ListKeysCommand({}));
    const identity = await stsAs(suite.server, carol).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:iam::${ACCOUNT}:user/carol`);
    assert.equal(identity.Account, ACCOUNT);
    assert.match(identity.UserId!, /^AIDA/);
    assert.equal((await iamAs(suite.server).send(new GetUserCommand({ UserName: "carol" }))).User!.UserId, identity.UserId);

    const second = (await iam().send(new CreateAccessKeyCommand({ UserName: "carol" }))).AccessKey!;
    assert.match(second.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(second.SecretAccessKey!.length, 40);
    assert.equal(second.Status, "Active");
    const third = await rejectsWith(iam().send(new CreateAccessKeyCommand({ UserName: "carol" })), "LimitExceededException", "Cannot exceed quota for AccessKeysPerUser: 2");
    assert.equal(statusOf(third), 409);
    const listed = await iam().send(new ListAccessKeysCommand({ UserName: "carol" }));
    assert.deepEqual(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId).sort(), [carol.accessKeyId, second.AccessKeyId].sort());
    assert.ok(listed.AccessKeyMetadata!.every((k) => k.UserName === "carol" && k.Status === "Active"));

    await iam().send(new UpdateAccessKeyCommand({ UserName: "carol", AccessKeyId: carol.accessKeyId, Status: "Inactive" }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "UnrecognizedClientException");
    const inactive = await rejectsWith(stsAs(suite.server, carol).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", "The security token included in the request is invalid.");
    assert.equal(statusOf(inactive), 403);
    await iam().send(new UpdateAccessKeyCommand({ UserName: "carol", AccessKeyId: carol.accessKeyId, Status: "Active" }));
    await kms.send(new ListKeysCommand({}));

    await rejectsWith(iam().send(new DeleteUserCommand({ UserName: "carol" })), "DeleteConflictException", "Cannot delete entity, must delete access keys first.");
    await iam().send(new DeleteAccessKeyCommand({ UserName: "carol", AccessKeyId: carol.accessKeyId }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "UnrecognizedClientException");
    await rejectsWith(iam().send(new DeleteAccessKeyCommand({ UserName: "carol", AccessKeyId: carol.accessKeyId })), "NoSuchEntityException", `The Access Key with id ${carol.accessKeyId} cannot be found.`);
    await iam().send(new DeleteAccessKeyCommand({ UserName: "carol", AccessKeyId: second.AccessKeyId! }));
    await rejectsWith(iam().send(new DeleteUserCommand({ UserName: "carol" })), "DeleteConflictException", "Cannot delete entity, must delete policies first.");
    await iam().send(new DeleteUserPolicyCommand({ UserName: "carol", PolicyName: "kms" }));
    await iam().send(new DeleteUserCommand({ UserName: "carol" }));
  });

  test("without a UserName, access-key operations act on the caller: a user reaches the gate as itself, the root lists its own keys", async () => {
    const dave = await userWithKey("dave");
    const daveArn = `arn:aws:iam::${ACCOUNT}:user/dave`;
    const asDave = iamAs(suite.server, dave);
    // As in AWS, a user needs iam:* permissions even on its own keys; the request reaches the gate as dave, about dave.
    const denied = await rejectsWith(
      asDave.send(new ListAccessKeysCommand({})),
      "AccessDenied",
      `User: ${daveArn} is not authorized to perform: iam:ListAccessKeys on resource: ${daveArn} because no identity-based policy allows the iam:ListAccessKeys action`,
    );
    assert.equal(statusOf(denied), 403);
    await rejectsWith(
      asDave.send(new CreateAccessKeyCommand({})),
      "AccessDenied",
      `User: ${daveArn} is not authorized to perform: iam:CreateAccessKey on resource: ${daveArn} because no identity-based policy allows the iam:CreateAccessKey action`,
    );
    assert.equal((await iam().send(new ListAccessKeysCommand({ UserName: "dave" }))).AccessKeyMetadata!.length, 1, "the refused CreateAccessKey made no key");

    await iam().send(new PutUserPolicyCommand({ UserName: "dave", PolicyName: "own-keys", PolicyDocument: policyDocument({ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:ListAccessKeys"], Resource: daveArn }) }));
    const created = (await asDave.send(new CreateAccessKeyCommand({}))).AccessKey!;
    assert.equal(created.UserName, "dave");
    const own = (await asDave.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
    assert.deepEqual(own.map((k) => k.AccessKeyId).sort(), [dave.accessKeyId, created.AccessKeyId].sort());
    assert.ok(own.every((k) => k.UserName === "dave"));
    const rootKeys = await iam().send(new ListAccessKeysCommand({}));
    assert.ok(rootKeys.AccessKeyMetadata!.length >= 1);
    assert.ok(rootKeys.AccessKeyMetadata!.every((k) => k.UserName === undefined));
  });

  test("inline policies: put, get (URL-encoded, as AWS), list, delete; grammar and size limits", async () => {
    await iam().send(new CreateUserCommand({ UserName: "erin" }));
    const document = policyDocument({ Effect: "Allow", Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:app": "a & b" } } });
    await iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "enc", PolicyDocument: document }));
    const got = await iam().send(new GetUserPolicyCommand({ UserName: "erin", PolicyName: "ENC" }));
    assert.equal(got.UserName, "erin");
    assert.equal(got.PolicyName, "enc");
    assert.equal(decodeURIComponent(got.PolicyDocument!), document);
    assert.notEqual(got.PolicyDocument, document, "sent URL-encoded");
    await iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "other", PolicyDocument: allowAll("kms:Decrypt") }));
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "erin" }))).PolicyNames, ["enc", "other"]);
    const page = await iam().send(new ListUserPoliciesCommand({ UserName: "erin", MaxItems: 1 }));
    assert.deepEqual(page.PolicyNames, ["enc"]);
    assert.deepEqual((await iam().send(new ListUserPoliciesCommand({ UserName: "erin", Marker: page.Marker! }))).PolicyNames, ["other"]);

    await rejectsWith(iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "bad", PolicyDocument: "{not json" })), "MalformedPolicyDocumentException");
    await rejectsWith(iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "bad", PolicyDocument: '{"Version":"2012-10-17"}' })), "MalformedPolicyDocumentException");
    // 2,048 non-whitespace characters for all of a user's inline policies together (white space is free).
    const big = policyDocument({ Effect: "Allow", Action: "kms:Encrypt", Resource: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${"k".repeat(1900)}` });
    const tooLarge = await rejectsWith(iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "big", PolicyDocument: big })), "LimitExceededException", /Maximum policy size of 2048 bytes exceeded for user erin/);
    assert.equal(statusOf(tooLarge), 409);
    await iam().send(new PutUserPolicyCommand({ UserName: "erin", PolicyName: "spacey", PolicyDocument: allowAll("kms:Sign").replace(/,/g, ",".padEnd(400, " ")) }));

    await iam().send(new DeleteUserPolicyCommand({ UserName: "erin", PolicyName: "enc" }));
    await rejectsWith(iam().send(new GetUserPolicyCommand({ UserName: "erin", PolicyName: "enc" })), "NoSuchEntityException", "The user policy with name enc cannot be found.");
    await rejectsWith(iam().send(new DeleteUserPolicyCommand({ UserName: "erin", PolicyName: "enc" })), "NoSuchEntityException");
    await rejectsWith(iam().send(new PutUserPolicyCommand({ UserName: "ghost", PolicyName: "p", PolicyDocument: document })), "NoSuchEntityException");
  });

  test("roles: create with description, duration and tags; get; role policies; delete refuses while policies remain", async () => {
    const trust = trustAccount();
    const { Role } = await iam().send(
      new CreateRoleCommand({ RoleName: "deployer", Path: "/ci/", AssumeRolePolicyDocument: trust, Description: "CI <deploys> & more", MaxSessionDuration: 7200, Tags: [{ Key: "env", Value: "prod" }] }),
    );
    assert.equal(Role!.Arn, `arn:aws:iam::${ACCOUNT}:role/ci/deployer`);
    assert.match(Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    assert.equal(Role!.Description, "CI <deploys> & more");
    assert.equal(Role!.MaxSessionDuration, 7200);
    assert.equal(decodeURIComponent(Role!.AssumeRolePolicyDocument!), trust);
    const got = (await iam().send(new GetRoleCommand({ RoleName: "Deployer" }))).Role!;
    assert.deepEqual({ ...got, Tags: got.Tags }, Role);

    await rejectsWith(iam().send(new CreateRoleCommand({ RoleName: "deployer", AssumeRolePolicyDocument: trust })), "EntityAlreadyExistsException", "Role with name deployer already exists.");
    await rejectsWith(iam().send(new CreateRoleCommand({ RoleName: "r2", AssumeRolePolicyDocument: undefined as unknown as string })), "ValidationError", /assumeRolePolicyDocument/);
    await rejectsWith(iam().send(new CreateRoleCommand({ RoleName: "r2", AssumeRolePolicyDocument: trust, MaxSessionDuration: 60 })), "ValidationError", /maxSessionDuration.*greater than or equal to 3600/);
    await rejectsWith(iam().send(new CreateRoleCommand({ RoleName: "r2", AssumeRolePolicyDocument: allowAll("kms:*") })), "MalformedPolicyDocumentException");

    await iam().send(new PutRolePolicyCommand({ RoleName: "deployer", PolicyName: "keys", PolicyDocument: allowAll("kms:*") }));
    assert.equal(decodeURIComponent((await iam().send(new GetRolePolicyCommand({ RoleName: "deployer", PolicyName: "keys" }))).PolicyDocument!), allowAll("kms:*"));
    assert.deepEqual((await iam().send(new ListRolePoliciesCommand({ RoleName: "deployer" }))).PolicyNames, ["keys"]);
    await rejectsWith(iam().send(new DeleteRoleCommand({ RoleName: "deployer" })), "DeleteConflictException", "Cannot delete entity, must delete policies first.");
    await iam().send(new DeleteRolePolicyCommand({ RoleName: "deployer", PolicyName: "keys" }));
    await rejectsWith(iam().send(new GetRolePolicyCommand({ RoleName: "deployer", PolicyName: "keys" })), "NoSuchEntityException", "The role policy with name keys cannot be found.");
    await iam().send(new DeleteRoleCommand({ RoleName: "deployer" }));
    await rejectsWith(iam().send(new GetRoleCommand({ RoleName: "deployer" })), "NoSuchEntityException");
  });

  test("tags of users and roles: add, overwrite without regard to case, remove, list, 50 at most", async () => {
    await iam().send(new CreateUserCommand({ UserName: "frank", Tags: [{ Key: "Team", Value: "a" }] }));
    await iam().send(new TagUserCommand({ UserName: "frank", Tags: [{ Key: "team", Value: "b" }, { Key: "cost", Value: "42" }] }));
    assert.deepEqual((await iam().send(new ListUserTagsCommand({ UserName: "frank" }))).Tags, [
      { Key: "Team", Value: "b" },
      { Key: "cost", Value: "42" },
    ]);
    await iam().send(new UntagUserCommand({ UserName: "frank", TagKeys: ["TEAM", "absent"] }));
    assert.deepEqual((await iam().send(new ListUserTagsCommand({ UserName: "frank" }))).Tags, [{ Key: "cost", Value: "42" }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await rejectsWith(iam().send(new TagUserCommand({ UserName: "frank", Tags: many })), "LimitExceededException");
    await rejectsWith(iam().send(new TagUserCommand({ UserName: "frank", Tags: [...many, { Key: "x", Value: "y" }] })), "ValidationError", /at 'tags'.*less than or equal to 50/);
    await rejectsWith(iam().send(new TagUserCommand({ UserName: "nobody", Tags: [{ Key: "a", Value: "b" }] })), "NoSuchEntityException");

    await iam().send(new CreateRoleCommand({ RoleName: "tagged", AssumeRolePolicyDocument: trustAccount() }));
    await iam().send(new TagRoleCommand({ RoleName: "tagged", Tags: [{ Key: "env", Value: "" }] }));
    assert.deepEqual((await iam().send(new ListRoleTagsCommand({ RoleName: "tagged" }))).Tags, [{ Key: "env", Value: "" }]);
    await iam().send(new UntagRoleCommand({ RoleName: "tagged", TagKeys: ["env"] }));
    assert.deepEqual((await iam().send(new ListRoleTagsCommand({ RoleName: "tagged" }))).Tags, []);
  });

  test("a user's tags are its aws:PrincipalTag facts from the next request on", async () => {
    const tagged = policyDocument({ Effect: "Allow", Action: "kms:ListKeys", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" } } });
    const grace = await userWithKey("grace", { tagged });
    const kms = suite.server.kms({ credentials: grace });
    await rejectsWith(kms.send(new ListKeysCommand({})), "AccessDeniedException");
    await iam().send(new TagUserCommand({ UserName: "grace", Tags: [{ Key: "team", Value: "blue" }] }));
    await kms.send(new ListKeysCommand({}));
    await iam().send(new UntagUserCommand({ UserName: "grace", TagKeys: ["team"] }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "AccessDeniedException");
  });

  test("accounts are separate: each sees only its own users, and both may use the same name", async () => {
    const other = await createAccount(suite.server, "444455556666");
    const otherIam = iamAs(suite.server, other);
    await otherIam.send(new CreateUserCommand({ UserName: "mallory" }));
    assert.equal((await stsAs(suite.server, other).send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::444455556666:root");
    assert.deepEqual((await otherIam.send(new ListUsersCommand({}))).Users!.map((u) => u.Arn), ["arn:aws:iam::444455556666:user/mallory"]);
    assert.ok(!(await iam().send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === "mallory"));
    await rejectsWith(iam().send(new GetUserCommand({ UserName: "mallory" })), "NoSuchEntityException");
    await iam().send(new CreateUserCommand({ UserName: "mallory" }));
    assert.equal((await iam().send(new GetUserCommand({ UserName: "mallory" }))).User!.Arn, `arn:aws:iam::${ACCOUNT}:user/mallory`);
  });

  test("Query protocol: XML answers and errors, request ids, unknown actions and versions, missing authentication", async () => {
    const ok = await queryCall(suite.server, "iam", { Action: "ListUsers", Version: "2010-05-08" });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("content-type"), "text/xml");
    assert.match(ok.text, /^<ListUsersResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><ListUsersResult><Users><member>/);
    assert.equal(xmlText(ok.text, "RequestId"), ok.headers.get("x-amzn-requestid"));

    const missing = await queryCall(suite.server, "iam", { Action: "GetUser", Version: "2010-05-08", UserName: "nobody" });
    assert.equal(missing.status, 404);
    assert.match(missing.text, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The user with name nobody cannot be found\.<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);

    const unknown = await queryCall(suite.server, "iam", { Action: "CreateGroup", Version: "2010-05-08", GroupName: "g" });
    assert.equal(unknown.status, 400);
    assert.equal(xmlText(unknown.text, "Code"), "InvalidAction");
    const wrongVersion = await queryCall(suite.server, "iam", { Action: "ListUsers", Version: "2011-06-15" });
    assert.equal(xmlText(wrongVersion.text, "Code"), "InvalidAction");
    const unsigned = await queryCall(suite.server, "iam", { Action: "ListUsers", Version: "2010-05-08" }, { unsigned: true });
    assert.equal(unsigned.status, 403);
    assert.equal(xmlText(unsigned.text, "Code"), "MissingAuthenticationToken");
    const wrongSecret = await queryCall(suite.server, "iam", { Action: "ListUsers", Version: "2010-05-08" }, { credentials: { accessKeyId: "AKIATESTADMIN0000001", secretAccessKey: "wrong" } });
    assert.equal(wrongSecret.status, 403);
    assert.equal(xmlText(wrongSecret.text, "Code"), "SignatureDoesNotMatch");
    const unknownKey = await queryCall(suite.server, "iam", { Action: "ListUsers", Version: "2010-05-08" }, { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "x" } });
    assert.equal(xmlText(unknownKey.text, "Code"), "InvalidClientTokenId");
    const duplicate = await queryCall(suite.server, "iam", { Action: "GetUser", Version: "2010-05-08", "Tags.member.1.Key": "a", "Tags.member.1.Key.x": "b" });
    assert.equal(duplicate.status, 400);
    assert.equal(xmlText(duplicate.text, "Code"), "ValidationError");
    const presigned = await queryCall(suite.server, "iam", { Action: "GetUser", Version: "2010-05-08" }, { presign: true });
    assert.equal(presigned.status, 200);
    assert.equal(xmlText(presigned.text, "Arn"), `arn:aws:iam::${ACCOUNT}:root`);
  });

  test("secrets of access keys never appear in the logs or in the store files", async () => {
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: (await iam().send(new CreateUserCommand({ UserName: "secretive" }))).User!.UserName! }));
    const secret = AccessKey!.SecretAccessKey!;
    await stsAs(suite.server, { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: secret }).send(new GetCallerIdentityCommand({}));
    assert.ok(!suite.server.logs().includes(secret));
    const dataDir = join(suite.server.dataDir, "data");
    for (const file of readdirSync(dataDir).filter((name) => name.startsWith("strongbox.db"))) {
      assert.equal(readFileSync(join(dataDir, file)).indexOf(Buffer.from(secret)), -1, `the secret was found in ${file}`);
    }
  });
});
