import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  ListAccessKeysCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
} from "@aws-sdk/client-iam";
import { ListKeysCommand } from "@aws-sdk/client-kms";
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput } from "@aws-sdk/client-sts";
import { rejectsWith } from "./helpers/errors.js";
import {
  allowAll,
  allowAssumeRole,
  createAccount,
  createUserWithKey,
  iamAs,
  policyDocument,
  queryCall,
  stsAs,
  trustAccount,
  trustPrincipal,
  xmlText,
  type Credentials,
  type TestUser,
} from "./helpers/iam.js";
import { ACCOUNT, ADMIN, serverPerSuite } from "./helpers/server.js";

const statusOf = (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode;

describe("STS over the AWS Query protocol", () => {
  const suite = serverPerSuite();

  async function role(name: string, options: { trust?: string; policies?: Record<string, string>; maxSessionDuration?: number } = {}): Promise<string> {
    const iam = iamAs(suite.server);
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: options.trust ?? trustAccount(), ...(options.maxSessionDuration ? { MaxSessionDuration: options.maxSessionDuration } : {}) }),
    );
    for (const [PolicyName, PolicyDocument] of Object.entries(options.policies ?? {})) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument }));
    return Role!.Arn!;
  }

  let assumer: Promise<TestUser> | undefined;
  /** Who assumes roles unless a test says otherwise: an IAM user allowed sts:AssumeRole (AWS refuses the account root). */
  const defaultAssumer = () => (assumer ??= createUserWithKey(suite.server, "assumer", { assume: allowAssumeRole() }));

  async function assume(input: AssumeRoleCommandInput, as?: Credentials) {
    return stsAs(suite.server, as ?? (await defaultAssumer()).credentials).send(new AssumeRoleCommand(input));
  }

  const sessionOf = (answer: Awaited<ReturnType<typeof assume>>): Credentials => ({
    accessKeyId: answer.Credentials!.AccessKeyId!,
    secretAccessKey: answer.Credentials!.SecretAccessKey!,
    sessionToken: answer.Credentials!.SessionToken!,
  });

  test("GetCallerIdentity of the account root", async () => {
    const identity = await stsAs(suite.server).send(new GetCallerIdentityCommand({}));
    assert.deepEqual({ UserId: identity.UserId, Account: identity.Account, Arn: identity.Arn }, { UserId: ACCOUNT, Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });

  test("AssumeRole gives session credentials that work and report the assumed-role ARN", async () => {
    const arn = await role("reader", { policies: { kms: allowAll("kms:ListKeys") } });
    const roleId = (await iamAs(suite.server).send(new GetRoleCommand({ RoleName: "reader" }))).Role!.RoleId!;
    const before = Date.now();
    const answer = await assume({ RoleArn: arn, RoleSessionName: "build-42", DurationSeconds: 900 });
    assert.match(answer.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(answer.Credentials!.SecretAccessKey!.length, 40);
    assert.ok(answer.Credentials!.SessionToken!.length >= 100);
    assert.ok(Math.abs(answer.Credentials!.Expiration!.getTime() - (before + 900_000)) < 60_000);
    assert.equal(answer.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/build-42`);
    assert.equal(answer.AssumedRoleUser!.AssumedRoleId, `${roleId}:build-42`);

    const session = sessionOf(answer);
    const identity = await stsAs(suite.server, session).send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/reader/build-42`);
    assert.equal(identity.UserId, `${roleId}:build-42`);
    assert.equal(identity.Account, ACCOUNT);
    await suite.server.kms({ credentials: session }).send(new ListKeysCommand({}));

    // A session has no user: naming none for its own keys is AWS's ValidationError.
    await rejectsWith(iamAs(suite.server, session).send(new ListAccessKeysCommand({})), "ValidationError", "Must specify userName when calling with non-User credentials");
  });

  test("a wrong, missing or misplaced session token is refused as an unknown client", async () => {
    const session = sessionOf(await assume({ RoleArn: await role("tokens"), RoleSessionName: "s1" }));
    const wrong = { ...session, sessionToken: session.sessionToken!.replace(/^./, (c) => (c === "A" ? "B" : "A")) };
    const refused = await rejectsWith(stsAs(suite.server, wrong).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId", "The security token included in the request is invalid.");
    assert.equal(statusOf(refused), 403);
    await rejectsWith(suite.server.kms({ credentials: wrong }).send(new ListKeysCommand({})), "UnrecognizedClientException");
    const withoutToken = { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey };
    await rejectsWith(stsAs(suite.server, withoutToken).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId");
    await rejectsWith(suite.server.kms({ credentials: { ...ADMIN, sessionToken: session.sessionToken! } }).send(new ListKeysCommand({})), "UnrecognizedClientException");
    await stsAs(suite.server, session).send(new GetCallerIdentityCommand({}));
  });

  test("an expired session is refused with ExpiredTokenException (KMS) and ExpiredToken (Query)", async () => {
    const session = sessionOf(await assume({ RoleArn: await role("short", { policies: { kms: allowAll("kms:ListKeys") } }), RoleSessionName: "s1", DurationSeconds: 900 }));
    const kms = suite.server.kms({ credentials: session });
    await kms.send(new ListKeysCommand({}));
    suite.server.clock.offsetMs += 16 * 60_000;
    try {
      kms.config.systemClockOffset = suite.server.clock.offsetMs;
      await rejectsWith(kms.send(new ListKeysCommand({})), "ExpiredTokenException", "The security token included in the request is expired");
      const expired = await rejectsWith(stsAs(suite.server, session).send(new GetCallerIdentityCommand({})), "ExpiredToken", "The security token included in the request is expired");
      assert.equal(statusOf(expired), 403);
    } finally {
      suite.server.clock.offsetMs -= 16 * 60_000;
    }
  });

  test("DurationSeconds is bounded by the role's MaxSessionDuration; a session assuming a role needs the gate's leave", async () => {
    const arn = await role("long", { maxSessionDuration: 7200 });
    const long = await assume({ RoleArn: arn, RoleSessionName: "two-hours", DurationSeconds: 7200 });
    assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 7000_000);
    await rejectsWith(assume({ RoleArn: arn, RoleSessionName: "s1", DurationSeconds: 7201 }), "ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    await rejectsWith(assume({ RoleArn: arn, RoleSessionName: "s1", DurationSeconds: 899 }), "ValidationError", /durationSeconds.*greater than or equal to 900/);
    // Role chaining: no identity policy of the session allows sts:AssumeRole (its one-hour limit is unit-tested).
    await rejectsWith(
      assume({ RoleArn: arn, RoleSessionName: "s1", DurationSeconds: 3600 }, sessionOf(long)),
      "AccessDenied",
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/long/two-hours is not authorized to perform: sts:AssumeRole on resource: ${arn} because no identity-based policy allows the sts:AssumeRole action`,
    );
  });

  test("deleting a role ends its sessions at once; tagging it refreshes their principal tags", async () => {
    const arn = await role("doomed", { policies: { kms: policyDocument({ Effect: "Allow", Action: "kms:ListKeys", Resource: "*", Condition: { StringEquals: { "aws:PrincipalTag/stage": "go" } } }) } });
    const session = sessionOf(await assume({ RoleArn: arn, RoleSessionName: "s1" }));
    const kms = suite.server.kms({ credentials: session });
    await rejectsWith(kms.send(new ListKeysCommand({})), "AccessDeniedException");
    await iamAs(suite.server).send(new TagRoleCommand({ RoleName: "doomed", Tags: [{ Key: "stage", Value: "go" }] }));
    await kms.send(new ListKeysCommand({}));
    await iamAs(suite.server).send(new DeleteRolePolicyCommand({ RoleName: "doomed", PolicyName: "kms" }));
    await iamAs(suite.server).send(new DeleteRoleCommand({ RoleName: "doomed" }));
    await rejectsWith(kms.send(new ListKeysCommand({})), "UnrecognizedClientException");
    await rejectsWith(stsAs(suite.server, session).send(new GetCallerIdentityCommand({})), "InvalidClientTokenId");
  });

  test("roles that do not exist, or do not trust the caller, are AccessDenied alike; bad input is ValidationError", async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/nope`;
    const denied = await rejectsWith(
      assume({ RoleArn: missing, RoleSessionName: "s1" }),
      "AccessDenied",
      `User: ${(await defaultAssumer()).arn} is not authorized to perform: sts:AssumeRole on resource: ${missing}`,
    );
    assert.equal(statusOf(denied), 403);
    const arn = await role("home-only");
    // A user of another account, allowed sts:AssumeRole by its own identity policy: the trust policy names only this account.
    const stranger = await createAccount(suite.server, "777788889999");
    const outsider = await createUserWithKey(suite.server, "outsider", { assume: allowAssumeRole() }, stranger);
    await rejectsWith(
      assume({ RoleArn: arn, RoleSessionName: "s1" }, outsider.credentials),
      "AccessDenied",
      `User: ${outsider.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn} because no resource-based policy allows the sts:AssumeRole action`,
    );
    await rejectsWith(assume({ RoleArn: `arn:aws:iam::${ACCOUNT}:user/someone`, RoleSessionName: "s1" }), "ValidationError");
    await rejectsWith(assume({ RoleArn: arn, RoleSessionName: "no spaces" }), "ValidationError", /roleSessionName/);
    await rejectsWith(assume({ RoleArn: arn, RoleSessionName: "s1", Policy: allowAll("kms:*") }), "ValidationError", /Policy/);
  });

  test("the account root may not assume a role, even one whose trust policy names it", async () => {
    const arn = await role("not-for-root", { trust: trustAccount() });
    const refused = await rejectsWith(assume({ RoleArn: arn, RoleSessionName: "s1" }, ADMIN), "AccessDenied", "Roles may not be assumed by root accounts.");
    assert.equal(statusOf(refused), 403);
    const query = await queryCall(suite.server, "sts", { Action: "AssumeRole", Version: "2011-06-15", RoleArn: arn, RoleSessionName: "s1" });
    assert.equal(query.status, 403);
    assert.equal(xmlText(query.text, "Code"), "AccessDenied");
    assert.equal(xmlText(query.text, "Message"), "Roles may not be assumed by root accounts.");
    // The role itself is assumable: a user of the account with an sts:AssumeRole identity policy may.
    await assume({ RoleArn: arn, RoleSessionName: "s1" });
  });

  test("a user without an sts:AssumeRole identity policy: refused when the trust policy names only its account, allowed when it names the user", async () => {
    const plain = await createUserWithKey(suite.server, "plain");
    const delegated = await role("delegated", { trust: trustAccount() });
    const refused = await rejectsWith(
      assume({ RoleArn: delegated, RoleSessionName: "s1" }, plain.credentials),
      "AccessDenied",
      `User: ${plain.arn} is not authorized to perform: sts:AssumeRole on resource: ${delegated} because no identity-based policy allows the sts:AssumeRole action`,
    );
    assert.equal(statusOf(refused), 403);

    const named = await role("names-plain", { trust: trustPrincipal(plain.arn) });
    const answer = await assume({ RoleArn: named, RoleSessionName: "direct" }, plain.credentials);
    assert.equal(answer.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/names-plain/direct`);
    assert.equal((await stsAs(suite.server, sessionOf(answer)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/names-plain/direct`);
    // Naming the user lets in that user only: another user's identity policy alone does not suffice.
    await rejectsWith(
      assume({ RoleArn: named, RoleSessionName: "s1" }),
      "AccessDenied",
      `User: ${(await defaultAssumer()).arn} is not authorized to perform: sts:AssumeRole on resource: ${named} because no resource-based policy allows the sts:AssumeRole action`,
    );
  });

  test("Query forms: STS XML namespace, a presigned GET with the session token in the query string", async () => {
    const session = sessionOf(await assume({ RoleArn: await role("presigned"), RoleSessionName: "url" }));
    const presigned = await queryCall(suite.server, "sts", { Action: "GetCallerIdentity", Version: "2011-06-15" }, { presign: true, credentials: session });
    assert.equal(presigned.status, 200, presigned.text);
    assert.match(presigned.text, /^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult>/);
    assert.equal(xmlText(presigned.text, "Arn"), `arn:aws:sts::${ACCOUNT}:assumed-role/presigned/url`);
    const badToken = await queryCall(suite.server, "sts", { Action: "GetCallerIdentity", Version: "2011-06-15" }, { presign: true, credentials: { ...session, sessionToken: "nope" } });
    assert.equal(badToken.status, 403);
    assert.equal(xmlText(badToken.text, "Code"), "InvalidClientTokenId");
    assert.match(badToken.text, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
  });

  test("session secrets and tokens never appear in the logs or in the store files", async () => {
    const session = sessionOf(await assume({ RoleArn: await role("quiet"), RoleSessionName: "s1" }));
    await stsAs(suite.server, session).send(new GetCallerIdentityCommand({}));
    const dataDir = join(suite.server.dataDir, "data");
    for (const secret of [session.secretAccessKey, session.sessionToken!]) {
      assert.ok(!suite.server.logs().includes(secret));
      for (const file of readdirSync(dataDir).filter((name) => name.startsWith("strongbox.db"))) {
        assert.equal(readFileSync(join(dataDir, file)).indexOf(Buffer.from(secret)), -1, `a session secret was found in ${file}`);
      }
    }
  });
});
