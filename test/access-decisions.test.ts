import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type GrantOperation,
  KMSClient,
  ListAliasesCommand,
  ListGrantsCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ReEncryptCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateAliasCommand,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { ACCOUNT, ADMIN, startTestServer, type TestServer } from "./helpers/server.js";
import { CreateRoleCommand, DeleteAccessKeyCommand, DeleteUserCommand, PutRolePolicyCommand, UpdateAccessKeyCommand } from "@aws-sdk/client-iam";
import { iamAs } from "./helpers/iam.js";
import { assumeRole, createAccount, createRole, createUser, policy, type Principal } from "./helpers/principals.js";

/**
 * The access-control decision table: each row is one request, sent through the real KMS client as
 * the principal in question, against keys whose policies, grants and tags were set up through the
 * real KMS and IAM APIs. Rows name the outcome AWS's documented evaluation gives.
 */
const ACCOUNT_B = "444455556666";
const rootA = `arn:aws:iam::${ACCOUNT}:root`;
const rootB = `arn:aws:iam::${ACCOUNT_B}:root`;
const allowRootA = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: rootA }, Action: "kms:*", Resource: "*" };
const kmsAll = policy({ Effect: "Allow", Action: "kms:*", Resource: "*" });

type Op = "Encrypt" | "Decrypt" | "DescribeKey" | "GenerateDataKey" | "ReEncrypt" | "ListKeys" | "CreateKey" | "GetKeyPolicy" | "CreateGrant";
type Outcome = "allow" | "deny" | "explicit-deny-resource" | "explicit-deny-identity" | "no-identity" | "unrecognized";

interface Row {
  readonly who: string;
  readonly op: Op;
  readonly key?: string;
  readonly context?: Record<string, string>;
  /** Name the key by this alias instead of its id. */
  readonly viaAlias?: string;
  /** CreateKey: tags to create the key with. */
  readonly tags?: Record<string, string>;
  /** CreateGrant: the grant asked for (grantee by principal name). */
  readonly grant?: { readonly operations: string[]; readonly grantee: string };
  readonly expect: Outcome;
}

const ROWS: readonly Row[] = [
  // The default key policy delegates to the account: the root may, users need identity policies.
  { who: "admin", op: "Encrypt", key: "default", expect: "allow" },
  { who: "admin", op: "Decrypt", key: "default", expect: "allow" },
  { who: "alice", op: "Encrypt", key: "default", expect: "allow" },
  { who: "alice", op: "Decrypt", key: "default", expect: "allow" },
  { who: "alice", op: "GenerateDataKey", key: "default", expect: "allow" },
  { who: "alice", op: "ReEncrypt", key: "default", expect: "allow" },
  { who: "bob", op: "Encrypt", key: "default", expect: "no-identity" },
  { who: "bob", op: "DescribeKey", key: "default", expect: "no-identity" },
  // Explicit denies win, wherever they are.
  { who: "carol", op: "Encrypt", key: "default", expect: "allow" },
  { who: "carol", op: "Decrypt", key: "default", expect: "explicit-deny-identity" },
  { who: "alice", op: "Decrypt", key: "denyAlice", expect: "explicit-deny-resource" },
  { who: "alice", op: "Encrypt", key: "denyAlice", expect: "allow" },
  { who: "admin", op: "Encrypt", key: "onlyFromTenNet", expect: "explicit-deny-resource" },
  { who: "alice", op: "DescribeKey", key: "onlyFromTenNet", expect: "explicit-deny-resource" },
  // A key policy that names a user allows that user without any identity policy.
  { who: "bob", op: "Encrypt", key: "namesBob", expect: "allow" },
  { who: "bob", op: "Decrypt", key: "namesBob", expect: "allow" },
  { who: "bob", op: "GenerateDataKey", key: "namesBob", expect: "no-identity" },
  // Identity policies with conditions and variables.
  { who: "dave", op: "Encrypt", key: "default", context: { dept: "finance" }, expect: "allow" },
  { who: "dave", op: "Encrypt", key: "default", context: { dept: "hr" }, expect: "no-identity" },
  { who: "dave", op: "Encrypt", key: "default", expect: "no-identity" },
  { who: "erin", op: "Decrypt", key: "default", expect: "allow" },
  { who: "erin", op: "Decrypt", key: "namesBob", expect: "no-identity" },
  { who: "erin", op: "Encrypt", key: "default", expect: "no-identity" },
  { who: "frank", op: "Encrypt", key: "default", context: { purpose: "backup" }, expect: "allow" },
  { who: "frank", op: "Encrypt", key: "default", context: { purpose: "backup", extra: "x" }, expect: "no-identity" },
  { who: "frank", op: "Encrypt", key: "default", expect: "no-identity" },
  { who: "ivy", op: "Encrypt", key: "prod", expect: "no-identity" },
  { who: "ivy", op: "Encrypt", key: "dev", expect: "allow" },
  // Key policy conditions on the encryption context, the time and the alias used.
  { who: "bob", op: "Decrypt", key: "context", context: { app: "billing" }, expect: "allow" },
  { who: "bob", op: "Decrypt", key: "context", context: { app: "other" }, expect: "no-identity" },
  { who: "bob", op: "Decrypt", key: "context", expect: "no-identity" },
  { who: "bob", op: "Encrypt", key: "context", expect: "allow" },
  { who: "bob", op: "GenerateDataKey", key: "context", expect: "no-identity" },
  { who: "bob", op: "Encrypt", key: "viaAlias", viaAlias: "alias/bob-door", expect: "allow" },
  { who: "bob", op: "Encrypt", key: "viaAlias", expect: "no-identity" },
  { who: "admin", op: "DescribeKey", key: "closedDoor", viaAlias: "alias/closed-door", expect: "explicit-deny-resource" },
  { who: "admin", op: "DescribeKey", key: "closedDoor", expect: "allow" },
  // A key policy without the account statement locks out even the root user.
  { who: "admin", op: "DescribeKey", key: "noRoot", expect: "deny" },
  { who: "admin", op: "Encrypt", key: "noRoot", expect: "deny" },
  { who: "alice", op: "DescribeKey", key: "noRoot", expect: "allow" },
  { who: "alice", op: "Decrypt", key: "noRoot", expect: "deny" },
  // Principal "*" with conditions on the principal.
  { who: "session", op: "DescribeKey", key: "rolesByArn", expect: "allow" },
  { who: "alice", op: "DescribeKey", key: "rolesByArn", expect: "deny" },
  // Cross-account: the key policy must allow the other account, and its identity policies must allow too.
  { who: "rootB", op: "Encrypt", key: "sharedWithB", expect: "allow" },
  { who: "rootB", op: "Decrypt", key: "sharedWithB", expect: "allow" },
  { who: "rootB", op: "Encrypt", key: "default", expect: "deny" },
  { who: "xavier", op: "Encrypt", key: "sharedWithB", expect: "allow" },
  { who: "yvonne", op: "Encrypt", key: "sharedWithB", expect: "no-identity" },
  { who: "xavier", op: "GenerateDataKey", key: "sharedWithB", expect: "deny" },
  { who: "xavier", op: "Encrypt", key: "namesXavier", expect: "allow" },
  { who: "yvonne", op: "Encrypt", key: "namesXavier", expect: "deny" },
  { who: "yvonne", op: "Encrypt", key: "namesYvonne", expect: "no-identity" },
  { who: "rootB", op: "Encrypt", key: "callerAccountB", expect: "allow" },
  { who: "yvonne", op: "Encrypt", key: "callerAccountB", expect: "no-identity" },
  { who: "bob", op: "Encrypt", key: "callerAccountB", expect: "no-identity" },
  // Assumed roles: the role's policies apply to its sessions; key policies can name the role.
  { who: "session", op: "Decrypt", key: "default", expect: "allow" },
  { who: "session", op: "Encrypt", key: "default", expect: "no-identity" },
  { who: "session", op: "Decrypt", key: "namesRole", expect: "allow" },
  { who: "session", op: "DescribeKey", key: "namesRole", expect: "allow" },
  // Grants allow their operations for their grantee, within their constraints.
  { who: "bob", op: "Encrypt", key: "granted", context: { app: "billing", extra: "x" }, expect: "allow" },
  { who: "bob", op: "Encrypt", key: "granted", context: { app: "other" }, expect: "no-identity" },
  { who: "bob", op: "Decrypt", key: "granted", context: { app: "billing" }, expect: "allow" },
  { who: "bob", op: "DescribeKey", key: "granted", expect: "no-identity" },
  { who: "rootB", op: "Decrypt", key: "granted", context: { app: "billing" }, expect: "allow" },
  { who: "rootB", op: "Decrypt", key: "granted", context: { app: "billing", extra: "x" }, expect: "deny" },
  { who: "session", op: "GenerateDataKey", key: "granted", expect: "allow" },
  { who: "carol", op: "Decrypt", key: "granted", context: { app: "billing" }, expect: "explicit-deny-identity" },
  // Actions on no key are decided by identity policies alone.
  { who: "alice", op: "ListKeys", expect: "allow" },
  { who: "bob", op: "ListKeys", expect: "no-identity" },
  { who: "alice", op: "CreateKey", expect: "allow" },
  { who: "bob", op: "CreateKey", expect: "no-identity" },
  { who: "session", op: "CreateKey", expect: "no-identity" },
  // More condition keys and policy grammar.
  { who: "bob", op: "Encrypt", key: "teamBlue", expect: "allow" },
  { who: "bob", op: "Encrypt", key: "teamRed", expect: "no-identity" },
  { who: "granter", op: "CreateGrant", key: "default", grant: { operations: ["Decrypt"], grantee: "bob" }, expect: "allow" },
  { who: "granter", op: "CreateGrant", key: "default", grant: { operations: ["Decrypt", "ReEncryptFrom"], grantee: "bob" }, expect: "no-identity" },
  { who: "granter", op: "CreateGrant", key: "default", grant: { operations: ["Decrypt"], grantee: "session" }, expect: "no-identity" },
  { who: "admin", op: "Encrypt", key: "tlsOnly", expect: "explicit-deny-resource" },
  { who: "admin", op: "Encrypt", key: "algorithmPinned", expect: "allow" },
  { who: "creator", op: "CreateKey", tags: { team: "blue" }, expect: "allow" },
  { who: "creator", op: "CreateKey", tags: { team: "red" }, expect: "no-identity" },
  { who: "creator", op: "CreateKey", expect: "no-identity" },
  { who: "notPolicy", op: "DescribeKey", key: "default", expect: "allow" },
  { who: "notPolicy", op: "GetKeyPolicy", key: "default", expect: "no-identity" },
  { who: "notDefault", op: "DescribeKey", key: "namesBob", expect: "allow" },
  { who: "notDefault", op: "DescribeKey", key: "default", expect: "no-identity" },
  { who: "loopback", op: "DescribeKey", key: "default", expect: "allow" },
  { who: "loopback", op: "GetKeyPolicy", key: "default", expect: "no-identity" },
  // Temporary credentials: aws:TokenIssueTime is there for sessions only.
  { who: "revokedSession", op: "DescribeKey", key: "default", expect: "explicit-deny-identity" },
  { who: "longTermOnly", op: "DescribeKey", key: "default", expect: "allow" },
  { who: "longTermOnlySession", op: "DescribeKey", key: "default", expect: "no-identity" },
  // Credentials that no longer (or never did) belong to anyone.
  { who: "inactiveKey", op: "Encrypt", key: "default", expect: "unrecognized" },
  { who: "deletedKey", op: "ListKeys", expect: "unrecognized" },
  { who: "forgedSession", op: "Decrypt", key: "default", expect: "unrecognized" },
];

describe("access control decision table", () => {
  let server: TestServer;
  const principals = new Map<string, Principal>();
  const keys = new Map<string, string>();
  let admin: KMSClient;
  let decryptorRoleArn = "";

  before(async () => {
    server = await startTestServer();
    admin = server.kms();
    const adminCreds = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
    const accountB = await createAccount(server, ACCOUNT_B);
    const rootBPrincipal: Principal = { name: "rootB", arn: rootB, credentials: accountB, kms: server.kms({ credentials: accountB }) };
    principals.set("rootB", rootBPrincipal);
    principals.set("admin", { name: "admin", arn: rootA, credentials: adminCreds, kms: admin });

    const newKey = async (name: string, keyPolicy?: string, tags?: Record<string, string>) => {
      const { KeyMetadata } = await admin.send(
        new CreateKeyCommand({
          ...(keyPolicy ? { Policy: keyPolicy, BypassPolicyLockoutSafetyCheck: true } : {}),
          ...(tags ? { Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } : {}),
        }),
      );
      keys.set(name, KeyMetadata!.Arn!);
      return KeyMetadata!.Arn!;
    };
    const defaultKey = await newKey("default");
    for (const [name, spec] of Object.entries({
      alice: { policies: { all: kmsAll, assume: policy({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }) } },
      bob: {},
      carol: { policies: { all: kmsAll, noDecrypt: policy({ Effect: "Deny", Action: "kms:Decrypt", Resource: "*" }) } },
      dave: {
        tags: { dept: "finance" },
        policies: { byDept: policy({ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:dept": "${aws:PrincipalTag/dept}" } } }) },
      },
      erin: { policies: { oneKey: policy({ Effect: "Allow", Action: "kms:Decrypt", Resource: defaultKey }) } },
      frank: {
        policies: {
          purposeOnly: policy({
            Effect: "Allow",
            Action: "kms:Encrypt",
            Resource: "*",
            Condition: { "ForAllValues:StringEquals": { "kms:EncryptionContextKeys": ["purpose"] }, Null: { "kms:EncryptionContextKeys": "false" } },
          }),
        },
      },
      granter: {
        policies: {
          grants: policy({
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { "ForAllValues:StringEquals": { "kms:GrantOperations": ["Decrypt", "Encrypt"] }, StringLike: { "kms:GranteePrincipal": `arn:aws:iam::${ACCOUNT}:user/*` }, Bool: { "kms:GrantIsForAWSResource": "false" } },
          }),
        },
      },
      creator: { policies: { blueOnly: policy({ Effect: "Allow", Action: ["kms:CreateKey", "kms:TagResource"], Resource: "*", Condition: { StringEquals: { "aws:RequestTag/team": "blue" }, "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }) } },
      notPolicy: { policies: { allButPolicy: policy({ Effect: "Allow", NotAction: ["kms:GetKeyPolicy", "kms:PutKeyPolicy"], Resource: "*" }) } },
      loopback: { policies: { local: policy({ Effect: "Allow", Action: "kms:Describe*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": ["127.0.0.0/8", "::1/128"] }, NumericGreaterThan: { "aws:EpochTime": "1500000000" } } }) } },
      ivy: { policies: { devOnly: policy({ Effect: "Allow", Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/env": "dev" } } }) } },
    } as Record<string, { policies?: Record<string, string>; tags?: Record<string, string> }>)) {
      principals.set(name, await createUser(server, adminCreds, name, spec));
    }
    principals.set("notDefault", await createUser(server, adminCreds, "notDefault", { policies: { others: policy({ Effect: "Allow", Action: "kms:DescribeKey", NotResource: defaultKey }) } }));
    const bob = principals.get("bob")!.arn;
    const alice = principals.get("alice")!.arn;
    const roleArn = await createRole(server, adminCreds, "Decryptor", policy({ Effect: "Allow", Principal: { AWS: alice }, Action: "sts:AssumeRole" }), {
      decrypt: policy({ Effect: "Allow", Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" }),
    });
    decryptorRoleArn = roleArn;
    principals.set("session", await assumeRole(server, principals.get("alice")!.credentials, roleArn, "table"));
    principals.set("xavier", await createUser(server, accountB, "xavier", { policies: { all: kmsAll } }));
    const longTermOnlyPolicy = policy({ Effect: "Allow", Action: "kms:DescribeKey", Resource: "*", Condition: { Null: { "aws:TokenIssueTime": "true" } } });
    principals.set("longTermOnly", await createUser(server, adminCreds, "longTermOnly", { policies: { p: longTermOnlyPolicy } }));
    const trustAlice = policy({ Effect: "Allow", Principal: { AWS: alice }, Action: "sts:AssumeRole" });
    principals.set("longTermOnlySession", await assumeRole(server, principals.get("alice")!.credentials, await createRole(server, adminCreds, "LongTermOnly", trustAlice, { p: longTermOnlyPolicy }), "lto"));
    // AWS's "revoke older sessions": deny every session issued before a moment (a minute from now).
    const revokeBefore = new Date(server.clock.now().getTime() + 60_000).toISOString();
    const revocable = await createRole(server, adminCreds, "Revocable", trustAlice, {
      all: kmsAll,
      revoke: policy({ Effect: "Deny", Action: "*", Resource: "*", Condition: { DateLessThan: { "aws:TokenIssueTime": revokeBefore } } }),
    });
    principals.set("revokedSession", await assumeRole(server, principals.get("alice")!.credentials, revocable, "old"));
    const iam = iamAs(server, adminCreds);
    const inactive = await createUser(server, adminCreds, "gina", { policies: { all: kmsAll } });
    await iam.send(new UpdateAccessKeyCommand({ UserName: "gina", AccessKeyId: inactive.credentials.accessKeyId, Status: "Inactive" }));
    principals.set("inactiveKey", inactive);
    const deleted = await createUser(server, adminCreds, "hank", { policies: { all: kmsAll } });
    await iam.send(new DeleteAccessKeyCommand({ UserName: "hank", AccessKeyId: deleted.credentials.accessKeyId }));
    principals.set("deletedKey", deleted);
    iam.destroy();
    const session = principals.get("session")!;
    const forged = { ...session.credentials, sessionToken: `${session.credentials.sessionToken!.slice(0, -4)}AAAA` };
    principals.set("forgedSession", { ...session, credentials: forged, kms: server.kms({ credentials: forged }) });
    principals.set("yvonne", await createUser(server, accountB, "yvonne"));
    const xavier = principals.get("xavier")!.arn;

    await newKey("denyAlice", policy(allowRootA, { Effect: "Deny", Principal: { AWS: alice }, Action: "kms:Decrypt", Resource: "*" }));
    await newKey("onlyFromTenNet", policy(allowRootA, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }));
    await newKey("namesBob", policy(allowRootA, { Effect: "Allow", Principal: { AWS: bob }, Action: ["kms:Encrypt", "kms:Decrypt"], Resource: "*" }));
    await newKey("prod", undefined, { env: "prod" });
    await newKey("dev", undefined, { env: "dev" });
    await newKey(
      "context",
      policy(
        allowRootA,
        { Effect: "Allow", Principal: { AWS: bob }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:app": "billing" } } },
        { Effect: "Allow", Principal: { AWS: bob }, Action: "kms:Encrypt", Resource: "*", Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } },
        { Effect: "Allow", Principal: { AWS: bob }, Action: "kms:GenerateDataKey", Resource: "*", Condition: { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } } },
      ),
    );
    const viaAlias = await newKey("viaAlias", policy(allowRootA, { Effect: "Allow", Principal: { AWS: bob }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "kms:RequestAlias": "alias/bob-door" } } }));
    await admin.send(new CreateAliasCommand({ AliasName: "alias/bob-door", TargetKeyId: viaAlias }));
    const closedDoor = await newKey("closedDoor", policy(allowRootA, { Effect: "Deny", Principal: "*", Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "kms:RequestAlias": "alias/closed-door" } } }));
    await admin.send(new CreateAliasCommand({ AliasName: "alias/closed-door", TargetKeyId: closedDoor }));
    const blueOnly = policy(allowRootA, { Effect: "Allow", Principal: { AWS: bob }, Action: "kms:Encrypt", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/team-blue" } } });
    await admin.send(new CreateAliasCommand({ AliasName: "alias/team-blue", TargetKeyId: await newKey("teamBlue", blueOnly) }));
    await admin.send(new CreateAliasCommand({ AliasName: "alias/team-red", TargetKeyId: await newKey("teamRed", blueOnly) }));
    await newKey("tlsOnly", policy(allowRootA, { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    await newKey("algorithmPinned", policy(allowRootA, { Effect: "Deny", Principal: "*", Action: "kms:Encrypt", Resource: "*", Condition: { StringNotEquals: { "kms:EncryptionAlgorithm": "SYMMETRIC_DEFAULT" } } }));
    await newKey("noRoot", policy({ Effect: "Allow", Principal: { AWS: alice }, Action: ["kms:DescribeKey", "kms:Encrypt"], Resource: "*" }));
    await newKey("rolesByArn", policy({ Effect: "Allow", Principal: "*", Action: "kms:DescribeKey", Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Decrypt*` } } }));
    await newKey("sharedWithB", policy(allowRootA, { Effect: "Allow", Principal: { AWS: ACCOUNT_B }, Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" }));
    await newKey("namesXavier", policy(allowRootA, { Effect: "Allow", Principal: { AWS: xavier }, Action: "kms:Encrypt", Resource: "*" }));
    await newKey("namesYvonne", policy(allowRootA, { Effect: "Allow", Principal: { AWS: principals.get("yvonne")!.arn }, Action: "kms:Encrypt", Resource: "*" }));
    await newKey("callerAccountB", policy(allowRootA, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT_B } } }));
    await newKey("namesRole", policy(allowRootA, { Effect: "Allow", Principal: { AWS: roleArn }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" }));
    const granted = await newKey("granted");
    await admin.send(new CreateGrantCommand({ KeyId: granted, GranteePrincipal: bob, Operations: ["Encrypt", "Decrypt"], Constraints: { EncryptionContextSubset: { app: "billing" } } }));
    await admin.send(new CreateGrantCommand({ KeyId: granted, GranteePrincipal: rootB, Operations: ["Decrypt"], Constraints: { EncryptionContextEquals: { app: "billing" } } }));
    await admin.send(new CreateGrantCommand({ KeyId: granted, GranteePrincipal: roleArn, Operations: ["GenerateDataKey"] }));
    await admin.send(new CreateGrantCommand({ KeyId: granted, GranteePrincipal: principals.get("carol")!.arn, Operations: ["Decrypt"] }));
  });
  after(() => server?.close());

  /** A ciphertext under `key` with `context`, made by a principal the key allows. */
  async function ciphertextFor(key: string, context: Record<string, string> | undefined): Promise<Uint8Array> {
    const maker = key === keys.get("noRoot") ? principals.get("alice")!.kms : admin;
    const { CiphertextBlob } = await maker.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from("table"), EncryptionContext: context }));
    return CiphertextBlob!;
  }

  async function send(row: Row): Promise<unknown> {
    const client = principals.get(row.who)!.kms;
    const keyId = row.viaAlias ?? (row.key ? keys.get(row.key)! : "");
    const context = row.context;
    switch (row.op) {
      case "Encrypt":
        return client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x"), EncryptionContext: context }));
      case "Decrypt":
        return client.send(new DecryptCommand({ CiphertextBlob: await ciphertextFor(keyId, context), EncryptionContext: context }));
      case "DescribeKey":
        return client.send(new DescribeKeyCommand({ KeyId: keyId }));
      case "GenerateDataKey":
        return client.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256", EncryptionContext: context }));
      case "ReEncrypt":
        return client.send(new ReEncryptCommand({ CiphertextBlob: await ciphertextFor(keyId, context), DestinationKeyId: keyId, SourceEncryptionContext: context }));
      case "ListKeys":
        return client.send(new ListKeysCommand({}));
      case "CreateKey":
        return client.send(new CreateKeyCommand(row.tags ? { Tags: Object.entries(row.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) } : {}));
      case "GetKeyPolicy":
        return client.send(new GetKeyPolicyCommand({ KeyId: keyId }));
      case "CreateGrant":
        return client.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: principals.get(row.grant!.grantee)!.arn, Operations: row.grant!.operations as GrantOperation[] }));
    }
  }

  for (const [index, row] of ROWS.entries()) {
    const via = row.viaAlias ? ` via ${row.viaAlias}` : "";
    const ctx = row.context ? ` with context ${JSON.stringify(row.context)}` : "";
    test(`#${index + 1} ${row.who} ${row.op} ${row.key ?? ""}${via}${ctx}: ${row.expect}`, async () => {
      if (row.expect === "allow") {
        await send(row);
        return;
      }
      if (row.expect === "unrecognized") {
        await rejectsWith(send(row), "UnrecognizedClientException", "The security token included in the request is invalid.");
        return;
      }
      const error = await rejectsWith(send(row), "AccessDeniedException");
      const principal = principals.get(row.who)!;
      const action = `kms:${row.op === "ReEncrypt" ? "ReEncryptFrom" : row.op}`;
      assert.ok(error.message.startsWith(`User: ${principal.arn} is not authorized to perform: ${action} on resource: `), error.message);
      const tail = {
        deny: / because no (resource|identity)-based policy allows the /,
        "no-identity": / because no identity-based policy allows the /,
        "explicit-deny-resource": / with an explicit deny in a resource-based policy$/,
        "explicit-deny-identity": / with an explicit deny in an identity-based policy$/,
      }[row.expect];
      assert.match(error.message, tail);
      assert.equal(error.$metadata?.httpStatusCode, 400);
    });
  }

  test("every denial is logged with who was refused what, and no request data", async () => {
    const bob = principals.get("bob")!;
    await rejectsWith(bob.kms.send(new EncryptCommand({ KeyId: keys.get("default")!, Plaintext: Buffer.from("plaintext-canary-7f3a") })), "AccessDeniedException");
    const denial = server
      .logs()
      .split("\n")
      .filter((line) => line.includes('"msg":"access denied"'))
      .find((line) => line.includes(`User: ${bob.arn} is not authorized to perform: kms:Encrypt on resource: ${keys.get("default")!}`));
    assert.ok(denial, "no log line for the denial");
    assert.doesNotMatch(server.logs(), /plaintext-canary-7f3a|cGxhaW50ZXh0LWNhbmFyeS03ZjNh/);
  });

  test("the table has at least 60 decision cases", () => {
    assert.ok(ROWS.length >= 60, `${ROWS.length} rows`);
  });

  test("a retired grant allows nothing more", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const bob = principals.get("bob")!;
    const { GrantId } = await admin.send(new CreateGrantCommand({ KeyId: KeyMetadata!.Arn!, GranteePrincipal: bob.arn, Operations: ["Encrypt"], RetiringPrincipal: bob.arn }));
    await bob.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn!, Plaintext: Buffer.from("x") }));
    await bob.kms.send(new RetireGrantCommand({ KeyId: KeyMetadata!.Arn!, GrantId }));
    await rejectsWith(bob.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.Arn!, Plaintext: Buffer.from("x") })), "AccessDeniedException");
  });

  test("a grant allows from the call after CreateGrant answers, and stops at the call after RevokeGrant (the key's grants are cached)", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const keyId = KeyMetadata!.Arn!;
    const bob = principals.get("bob")!;
    const encrypt = () => bob.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("x") }));
    // Refused first, so that whatever the server keeps of the key's grants (none) is warm.
    await rejectsWith(encrypt(), "AccessDeniedException");
    const { GrantId } = await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: bob.arn, Operations: ["Encrypt"] }));
    await encrypt();
    await encrypt();
    await admin.send(new RevokeGrantCommand({ KeyId: keyId, GrantId }));
    await rejectsWith(encrypt(), "AccessDeniedException");
  });

  test("a grantee allowed to retire its own grant cannot retire another principal's grant", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const key = KeyMetadata!.Arn!;
    const bob = principals.get("bob")!;
    await admin.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: bob.arn, Operations: ["Decrypt", "RetireGrant"] }));
    const { GrantId: alicesGrant } = await admin.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: principals.get("alice")!.arn, Operations: ["Decrypt"] }));
    await rejectsWith(bob.kms.send(new RetireGrantCommand({ KeyId: key, GrantId: alicesGrant })), "AccessDeniedException", /kms:RetireGrant .* because no identity-based policy allows/);
    assert.ok((await admin.send(new ListGrantsCommand({ KeyId: key }))).Grants!.some((g) => g.GrantId === alicesGrant));
  });

  test("another account may use a key its policy shares, but never manage it, whatever the policy says", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: policy(allowRootA, { Effect: "Allow", Principal: { AWS: rootB }, Action: "kms:*", Resource: "*" }) }));
    const key = KeyMetadata!.Arn!;
    const b = principals.get("rootB")!.kms;
    await b.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from("x") }));
    await b.send(new DescribeKeyCommand({ KeyId: key }));
    await b.send(new GetKeyRotationStatusCommand({ KeyId: key }));
    await b.send(new ListGrantsCommand({ KeyId: key }));
    for (const call of [new DisableKeyCommand({ KeyId: key }), new ScheduleKeyDeletionCommand({ KeyId: key }), new GetKeyPolicyCommand({ KeyId: key }), new PutKeyPolicyCommand({ KeyId: key, Policy: policy(allowRootA) })]) {
      await rejectsWith(b.send(call as never), "NotFoundException", `Key '${key}' does not exist`);
    }
    assert.equal((await admin.send(new DescribeKeyCommand({ KeyId: key }))).KeyMetadata!.KeyState, "Enabled");
  });

  test("RetireGrant: an identity-policy Deny stops even the retiring principal; delegation works only in the issuing account or an account that is the retiring principal", async () => {
    const adminCreds = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
    const noRetire = await createUser(server, adminCreds, "noRetire", { policies: { deny: policy({ Effect: "Deny", Action: "kms:RetireGrant", Resource: "*" }) } });
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const key = KeyMetadata!.Arn!;
    const grant = async (RetiringPrincipal: string) =>
      (await admin.send(new CreateGrantCommand({ KeyId: key, GranteePrincipal: principals.get("bob")!.arn, Operations: ["Decrypt"], RetiringPrincipal }))).GrantId!;
    const retire = (who: string, GrantId: string) => principals.get(who)!.kms.send(new RetireGrantCommand({ KeyId: key, GrantId }));

    const denied = await grant(noRetire.arn);
    await rejectsWith(noRetire.kms.send(new RetireGrantCommand({ KeyId: key, GrantId: denied })), "AccessDeniedException", /with an explicit deny in an identity-based policy$/);
    const toYvonne = await grant(principals.get("yvonne")!.arn);
    await rejectsWith(retire("xavier", toYvonne), "AccessDeniedException", /because the grant names it neither as retiring principal nor as grantee/);
    await retire("alice", toYvonne);
    const toAccountB = await grant(rootB);
    await retire("xavier", toAccountB);
  });

  test("an alias cannot be made in, or pointed at, another account's key", async () => {
    const rootBKms = principals.get("rootB")!.kms;
    await rejectsWith(rootBKms.send(new CreateAliasCommand({ AliasName: "alias/prod-db", TargetKeyId: keys.get("sharedWithB")! })), "NotFoundException");
    assert.ok(!(await admin.send(new ListAliasesCommand({}))).Aliases!.some((a) => a.AliasName === "alias/prod-db"));
    const { KeyMetadata } = await rootBKms.send(new CreateKeyCommand({}));
    await rootBKms.send(new CreateAliasCommand({ AliasName: "alias/b-own", TargetKeyId: KeyMetadata!.KeyId! }));
    await rejectsWith(rootBKms.send(new UpdateAliasCommand({ AliasName: "alias/b-own", TargetKeyId: keys.get("sharedWithB")! })), "NotFoundException");
  });

  test("encryption context keys and tag keys that differ only in case are refused, not left to the policy to guess", async () => {
    const key = keys.get("default")!;
    await rejectsWith(admin.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from("x"), EncryptionContext: { tenant: "a", Tenant: "b" } })), "ValidationException", /differ only in case/);
    await admin.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: "Env", TagValue: "prod" }] }));
    await rejectsWith(admin.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: "env", TagValue: "dev" }] })), "TagException", "Tag keys that differ only in case are not supported: 'Env' and 'env'.");
    await admin.send(new DescribeKeyCommand({ KeyId: key }));
  });

  test("PutKeyPolicy says nothing about principals to a caller who may not change the policy", async () => {
    const bob = principals.get("bob")!;
    const ghost = policy(allowRootA, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` }, Action: "kms:*", Resource: "*" });
    await rejectsWith(bob.kms.send(new PutKeyPolicyCommand({ KeyId: keys.get("default")!, Policy: ghost })), "AccessDeniedException");
  });

  test("IAM actions and AssumeRole see the target's tags; trust policies may name only principals that exist", async () => {
    const adminCreds = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
    const guard = await createUser(server, adminCreds, "guard", {
      policies: {
        all: policy({ Effect: "Allow", Action: ["iam:*", "sts:AssumeRole"], Resource: "*" }),
        protect: policy({ Effect: "Deny", Action: ["iam:*", "sts:AssumeRole"], Resource: "*", Condition: { StringEquals: { "aws:ResourceTag/protected": "true" } } }),
      },
    });
    const trustGuard = policy({ Effect: "Allow", Principal: { AWS: guard.arn }, Action: "sts:AssumeRole" });
    const iam = iamAs(server, adminCreds);
    const asGuard = iamAs(server, guard.credentials);
    try {
      await iam.send(new CreateRoleCommand({ RoleName: "Protected", AssumeRolePolicyDocument: trustGuard, Tags: [{ Key: "protected", Value: "true" }] }));
      await iam.send(new CreateRoleCommand({ RoleName: "Plain", AssumeRolePolicyDocument: trustGuard }));
      const everything = policy({ Effect: "Allow", Action: "*", Resource: "*" });
      await rejectsWith(
        asGuard.send(new PutRolePolicyCommand({ RoleName: "Protected", PolicyName: "escalate", PolicyDocument: everything })),
        "AccessDenied",
        /iam:PutRolePolicy on resource: arn:aws:iam::111122223333:role\/Protected with an explicit deny in an identity-based policy$/,
      );
      await asGuard.send(new PutRolePolicyCommand({ RoleName: "Plain", PolicyName: "fine", PolicyDocument: policy({ Effect: "Allow", Action: "kms:DescribeKey", Resource: "*" }) }));
      await rejectsWith(assumeRole(server, guard.credentials, `arn:aws:iam::${ACCOUNT}:role/Protected`, "try"), "AccessDenied", /explicit deny in an identity-based policy/);
      await assumeRole(server, guard.credentials, `arn:aws:iam::${ACCOUNT}:role/Plain`, "fine");
      await rejectsWith(
        iam.send(new CreateRoleCommand({ RoleName: "ForGhost", AssumeRolePolicyDocument: policy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` }, Action: "sts:AssumeRole" }) })),
        "MalformedPolicyDocumentException",
        `Invalid principal in policy: "AWS":"arn:aws:iam::${ACCOUNT}:user/ghost"`,
      );
    } finally {
      iam.destroy();
      asGuard.destroy();
    }
  });

  test("a user deleted and created again under the same name is not the user a key policy, trust policy or grant named", async () => {
    const adminCreds = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
    const first = await createUser(server, adminCreds, "phoenix");
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({ Policy: policy(allowRootA, { Effect: "Allow", Principal: { AWS: first.arn }, Action: "kms:Encrypt", Resource: "*" }) }));
    const role = await createRole(server, adminCreds, "PhoenixRole", policy({ Effect: "Allow", Principal: { AWS: first.arn }, Action: "sts:AssumeRole" }), {});
    const { KeyMetadata: grantedKey } = await admin.send(new CreateKeyCommand({}));
    await admin.send(new CreateGrantCommand({ KeyId: grantedKey!.Arn!, GranteePrincipal: first.arn, Operations: ["Encrypt"] }));
    await first.kms.send(new EncryptCommand({ KeyId: grantedKey!.Arn!, Plaintext: Buffer.from("x") }));
    await rejectsWith(admin.send(new CreateGrantCommand({ KeyId: grantedKey!.Arn!, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:user/not-yet`, Operations: ["Encrypt"] })), "InvalidArnException", /does not refer to a valid principal/);
    await first.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") }));
    await assumeRole(server, first.credentials, role, "first");
    const iam = iamAs(server, adminCreds);
    try {
      await iam.send(new DeleteAccessKeyCommand({ UserName: "phoenix", AccessKeyId: first.credentials.accessKeyId }));
      await iam.send(new DeleteUserCommand({ UserName: "phoenix" }));
    } finally {
      iam.destroy();
    }
    const second = await createUser(server, adminCreds, "phoenix");
    assert.equal(second.arn, first.arn);
    await rejectsWith(second.kms.send(new EncryptCommand({ KeyId: KeyMetadata!.KeyId!, Plaintext: Buffer.from("x") })), "AccessDeniedException", /because no identity-based policy allows the kms:Encrypt action$/);
    await rejectsWith(assumeRole(server, second.credentials, role, "second"), "AccessDenied");
    await rejectsWith(second.kms.send(new EncryptCommand({ KeyId: grantedKey!.Arn!, Plaintext: Buffer.from("x") })), "AccessDeniedException");
  });

  test("tagging a key is decided with aws:RequestTag and aws:TagKeys", async () => {
    const tagger = await createUser(server, { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }, "tagger", {
      policies: { teamTags: policy({ Effect: "Allow", Action: "kms:TagResource", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } } }) },
    });
    const key = keys.get("default")!;
    await tagger.kms.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: "team", TagValue: "blue" }] }));
    await rejectsWith(tagger.kms.send(new TagResourceCommand({ KeyId: key, Tags: [{ TagKey: "owner", TagValue: "x" }] })), "AccessDeniedException");
  });

  test("PutKeyPolicy refuses a policy that would lock the caller out, unless told to bypass the check", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const lockout = policy({ Effect: "Allow", Principal: { AWS: principals.get("alice")!.arn }, Action: "kms:*", Resource: "*" });
    await rejectsWith(
      admin.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: lockout })),
      "MalformedPolicyDocumentException",
      "The new key policy will not allow you to update the key policy in the future.",
    );
    await rejectsWith(admin.send(new CreateKeyCommand({ Policy: lockout })), "MalformedPolicyDocumentException", "The new key policy will not allow you to update the key policy in the future.");
    await admin.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: lockout, BypassPolicyLockoutSafetyCheck: true }));
    await rejectsWith(admin.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId! })), "AccessDeniedException");
    await principals.get("alice")!.kms.send(new DescribeKeyCommand({ KeyId: KeyMetadata!.KeyId! }));
  });

  test("a malformed key policy is refused with a message that says what is wrong", async () => {
    const { KeyMetadata } = await admin.send(new CreateKeyCommand({}));
    const cases: [string, RegExp][] = [
      ["{", /^Syntax errors in policy\./],
      [policy({ Effect: "Perhaps", Principal: "*", Action: "kms:*", Resource: "*" }), /Effect must be "Allow" or "Deny"\. \(Statement\[0\]\)$/],
      [policy({ Effect: "Allow", Action: "kms:*", Resource: "*" }), /^Missing required field Principal\. \(Statement\[0\]\)$/],
      [policy(allowRootA, { Sid: "Ghost", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` }, Action: "kms:*", Resource: "*" }), /^Policy contains a statement with one or more invalid principals\. .*user\/ghost does not exist \(statement "Ghost"\)\.$/],
      [policy(allowRootA, { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "kms:*", Resource: "*" }), /^Policy contains a statement with one or more invalid principals\./],
      [policy(allowRootA, { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ALICE` }, Action: "kms:*", Resource: "*" }), /must be written as arn:aws:iam::111122223333:user\/alice \(Statement\[1\]\)\.$/],
    ];
    for (const [bad, message] of cases) {
      await rejectsWith(admin.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: bad })), "MalformedPolicyDocumentException", message);
    }
  });

  test("a session past its expiration is refused with ExpiredTokenException (runs last: it moves the clock)", async () => {
    const short = await assumeRole(server, principals.get("alice")!.credentials, decryptorRoleArn, "short", 900);
    await short.kms.send(new DescribeKeyCommand({ KeyId: keys.get("default")! }));
    server.clock.offsetMs += 901_000;
    short.kms.config.systemClockOffset = server.clock.offsetMs;
    await rejectsWith(short.kms.send(new DescribeKeyCommand({ KeyId: keys.get("default")! })), "ExpiredTokenException", "The security token included in the request is expired");
  });
});
