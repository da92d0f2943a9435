import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import {
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListGrantsCommand,
  ListRetirableGrantsCommand,
  RetireGrantCommand,
  RevokeGrantCommand,
  ScheduleKeyDeletionCommand,
  type CreateGrantCommandInput,
  type GrantOperation,
} from "@aws-sdk/client-kms";
import { rejectsWith } from "./helpers/errors.js";
import { CreateRoleCommand, CreateUserCommand } from "@aws-sdk/client-iam";
import { iamAs, trustAccount } from "./helpers/iam.js";
import { ACCOUNT, serverPerSuite, type TestServer } from "./helpers/server.js";

const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const WORKER = `arn:aws:iam::${ACCOUNT}:role/app/Worker`;
const OPS = `arn:aws:iam::${ACCOUNT}:user/ops`;

/** Grants name principals that exist (AWS refuses others): the users and the role these suites name. */
async function createGrantees(server: TestServer, users: readonly string[]): Promise<void> {
  const iam = iamAs(server);
  try {
    for (const UserName of users) await iam.send(new CreateUserCommand({ UserName }));
    await iam.send(new CreateRoleCommand({ RoleName: "Worker", Path: "/app/", AssumeRolePolicyDocument: trustAccount() }));
  } finally {
    iam.destroy();
  }
}
const plaintext = new TextEncoder().encode("grant me");

describe("KMS grants", () => {
  const suite = serverPerSuite();
  before(() => createGrantees(suite.server, ["ops", "retirer"]));
  let key: { KeyId: string; Arn: string };
  const newKey = async () => {
    const m = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    return { KeyId: m.KeyId!, Arn: m.Arn! };
  };
  const createGrant = (input: Partial<CreateGrantCommandInput> = {}) =>
    suite.kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt", "Encrypt"], ...input }));

  before(async () => {
    key = await newKey();
  });

  test("CreateGrant returns a 64-hex GrantId and a token; ListGrants shows the grant as AWS does", async () => {
    const created = await createGrant({ RetiringPrincipal: OPS, Constraints: { EncryptionContextSubset: { Department: "IT" } } });
    assert.match(created.GrantId!, /^[0-9a-f]{64}$/);
    assert.match(created.GrantToken!, /^[A-Za-z0-9_-]{100,}$/);
    const listed = await suite.kms.send(new ListGrantsCommand({ KeyId: key.Arn, GrantId: created.GrantId }));
    assert.equal(listed.Truncated, false);
    assert.equal(listed.NextMarker, undefined);
    assert.equal(listed.Grants!.length, 1);
    const entry = listed.Grants![0]!;
    assert.equal(entry.KeyId, key.Arn);
    assert.equal(entry.GrantId, created.GrantId);
    assert.equal(entry.Name, "");
    assert.ok(entry.CreationDate instanceof Date);
    assert.equal(entry.GranteePrincipal, WORKER);
    assert.equal(entry.RetiringPrincipal, OPS);
    assert.equal(entry.IssuingAccount, ROOT);
    assert.deepEqual(entry.Operations, ["Decrypt", "Encrypt"]);
    assert.deepEqual(entry.Constraints, { EncryptionContextSubset: { Department: "IT" } });
  });

  test("Name makes a retry idempotent: the same GrantId, a new token; other parameters make a new grant", async () => {
    const first = await createGrant({ Name: "app/worker-decrypt", Operations: ["Decrypt", "GenerateDataKey"] });
    const retry = await createGrant({ Name: "app/worker-decrypt", Operations: ["GenerateDataKey", "Decrypt"] });
    assert.equal(retry.GrantId, first.GrantId);
    assert.notEqual(retry.GrantToken, first.GrantToken);
    const changed = await createGrant({ Name: "app/worker-decrypt", Operations: ["Decrypt"] });
    assert.notEqual(changed.GrantId, first.GrantId);
    const named = (await suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants!.filter((g) => g.Name === "app/worker-decrypt");
    assert.deepEqual(named.map((g) => g.GrantId).sort(), [first.GrantId, changed.GrantId].sort());
  });

  test("grant tokens are accepted in GrantTokens, even after the grant is retired; malformed ones are refused", async () => {
    const { GrantToken, GrantId } = await createGrant({ Operations: ["Encrypt", "Decrypt", "GenerateDataKey"] });
    const encrypted = await suite.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, GrantTokens: [GrantToken!] }));
    const decrypted = await suite.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, GrantTokens: [GrantToken!, GrantToken!] }));
    assert.deepEqual(decrypted.Plaintext, plaintext);
    await suite.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: "AES_256", GrantTokens: [GrantToken!] }));
    await suite.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId, GrantTokens: [GrantToken!] }));
    await suite.kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId }));
    await suite.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, GrantTokens: [GrantToken!] }));
    for (const bad of ["not-a-grant-token", GrantToken!.slice(0, 40), `${GrantToken!}A`]) {
      await rejectsWith(suite.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, GrantTokens: [bad] })), "InvalidGrantTokenException");
    }
    await rejectsWith(suite.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, GrantTokens: ["x"] })), "InvalidGrantTokenException");
    await rejectsWith(createGrant({ GrantTokens: ["x"] }), "InvalidGrantTokenException");
    await rejectsWith(
      suite.kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext, GrantTokens: Array<string>(11).fill(GrantToken!) })),
      "ValidationException",
      /at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10/,
    );
  });

  test("validation errors, with AWS's messages where AWS's are known", async () => {
    await rejectsWith(createGrant({ Operations: [] }), "ValidationException", /at 'operations' failed to satisfy constraint: Member must have length greater than or equal to 1/);
    await rejectsWith(createGrant({ Operations: ["Decrypt", "Dance" as GrantOperation] }), "ValidationException", /Value 'Dance' at 'operations\.2\.member' failed to satisfy constraint: Member must satisfy enum value set/);
    await rejectsWith(createGrant({ GranteePrincipal: undefined }), "ValidationException", "1 validation error detected: Value null at 'granteePrincipal' failed to satisfy constraint: Member must not be null");
    await rejectsWith(createGrant({ Operations: ["CreateGrant"] }), "ValidationException", "Grants must not contain only the CreateGrant operation.");
    await rejectsWith(createGrant({ Constraints: { EncryptionContextEquals: {}, EncryptionContextSubset: { a: "b" } } }), "ValidationException", "More than one constraint supplied");
    await rejectsWith(createGrant({ Operations: ["Decrypt", "Sign"] }), "ValidationException", /Sign are not valid for/);
    await rejectsWith(
      createGrant({ Constraints: { EncryptionContextSubset: Object.fromEntries([...Array(9).keys()].map((i) => [`k${i}`, "v"])) } }),
      "ValidationException",
      /at most 8 encryption context pairs/,
    );
    await rejectsWith(createGrant({ Name: "has spaces" }), "ValidationException", /at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    for (const principal of [ACCOUNT, "dynamodb.amazonaws.com", `arn:aws:iam::${ACCOUNT}:group/admins`]) {
      await rejectsWith(createGrant({ GranteePrincipal: principal }), "InvalidArnException", new RegExp(`GranteePrincipal '${principal}'`));
    }
    await rejectsWith(createGrant({ RetiringPrincipal: "arn:aws:iam::12:root" }), "InvalidArnException");
    await rejectsWith(createGrant({ KeyId: "alias/anything" }), "NotFoundException", "Invalid keyId 'alias/anything'");
    await rejectsWith(createGrant({ KeyId: "11111111-1111-4111-8111-111111111111" }), "NotFoundException", /does not exist/);
    await rejectsWith(createGrant({ GranteePrincipal: undefined, GranteeServicePrincipal: "logs.amazonaws.com" }), "UnsupportedOperationException");
  });

  test("CreateGrant DryRun checks and creates nothing", async () => {
    const k = await newKey();
    await rejectsWith(suite.kms.send(new CreateGrantCommand({ KeyId: k.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt"], DryRun: true })), "DryRunOperationException");
    assert.deepEqual((await suite.kms.send(new ListGrantsCommand({ KeyId: k.KeyId }))).Grants, []);
  });

  test("key states: CreateGrant needs an Enabled key; listing, retiring and revoking work in any state", async () => {
    const disabled = await newKey();
    const { GrantId } = await suite.kms.send(new CreateGrantCommand({ KeyId: disabled.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt"] }));
    await suite.kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    await rejectsWith(suite.kms.send(new CreateGrantCommand({ KeyId: disabled.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt"] })), "DisabledException", `${disabled.Arn} is disabled.`);
    assert.equal((await suite.kms.send(new ListGrantsCommand({ KeyId: disabled.KeyId }))).Grants!.length, 1);
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: disabled.KeyId, PendingWindowInDays: 7 }));
    await rejectsWith(suite.kms.send(new CreateGrantCommand({ KeyId: disabled.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt"] })), "KMSInvalidStateException", `${disabled.Arn} is pending deletion.`);
    await suite.kms.send(new RevokeGrantCommand({ KeyId: disabled.KeyId, GrantId }));
    assert.deepEqual((await suite.kms.send(new ListGrantsCommand({ KeyId: disabled.KeyId }))).Grants, []);
  });

  test("RetireGrant by token or by key and grant id; DryRun; unknown grants and bad tokens", async () => {
    const byToken = await createGrant();
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken, DryRun: true })), "DryRunOperationException");
    await suite.kms.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken }));
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ GrantToken: byToken.GrantToken })), "NotFoundException", `Grant ${byToken.GrantId} is not found on ${key.Arn}.`);
    const byId = await createGrant();
    await suite.kms.send(new RetireGrantCommand({ KeyId: key.KeyId, GrantId: byId.GrantId }));
    const remaining = (await suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId }))).Grants!.map((g) => g.GrantId);
    assert.ok(!remaining.includes(byToken.GrantId) && !remaining.includes(byId.GrantId));
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ KeyId: key.KeyId, GrantId: "0".repeat(64) })), "NotFoundException");
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ GrantToken: "bogus" })), "InvalidGrantTokenException");
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ KeyId: key.KeyId })), "ValidationException", "Specify a GrantToken, or both KeyId and GrantId.");
    const other = await createGrant();
    await rejectsWith(suite.kms.send(new RetireGrantCommand({ GrantToken: other.GrantToken, GrantId: "1".repeat(64) })), "ValidationException");
  });

  test("RevokeGrant deletes a grant by key and grant id; DryRun; unknown grants", async () => {
    const { GrantId } = await createGrant();
    await rejectsWith(suite.kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId, DryRun: true })), "DryRunOperationException");
    assert.equal((await suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId }))).Grants!.length, 1);
    await suite.kms.send(new RevokeGrantCommand({ KeyId: key.Arn, GrantId }));
    assert.deepEqual((await suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId }))).Grants, []);
    await rejectsWith(suite.kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId })), "NotFoundException", `Grant ${GrantId} is not found on ${key.Arn}.`);
    await rejectsWith(suite.kms.send(new RevokeGrantCommand({ KeyId: "alias/x", GrantId })), "NotFoundException", "Invalid keyId 'alias/x'");
    for (const bad of ["abc", "G".repeat(64), "0".repeat(63)]) {
      await rejectsWith(suite.kms.send(new RevokeGrantCommand({ KeyId: key.KeyId, GrantId: bad })), "InvalidGrantIdException");
      await rejectsWith(suite.kms.send(new RetireGrantCommand({ KeyId: key.Arn, GrantId: bad })), "InvalidGrantIdException");
      await rejectsWith(suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId, GrantId: bad })), "InvalidGrantIdException");
    }
  });

  test("ListGrants filters by grantee and pages by Marker", async () => {
    const k = await newKey();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const grantee = i % 2 === 0 ? WORKER : OPS;
      ids.push((await suite.kms.send(new CreateGrantCommand({ KeyId: k.KeyId, GranteePrincipal: grantee, Operations: ["Decrypt"] }))).GrantId!);
    }
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await suite.kms.send(new ListGrantsCommand({ KeyId: k.KeyId, Limit: 2, ...(marker ? { Marker: marker } : {}) }));
      assert.ok(page.Grants!.length <= 2);
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      seen.push(...page.Grants!.map((g) => g.GrantId!));
      marker = page.NextMarker;
    } while (marker);
    assert.deepEqual(seen, ids, "oldest first");
    const ops = await suite.kms.send(new ListGrantsCommand({ KeyId: k.KeyId, GranteePrincipal: OPS }));
    assert.deepEqual(ops.Grants!.map((g) => g.GrantId), [ids[1], ids[3]]);
    await rejectsWith(suite.kms.send(new ListGrantsCommand({ KeyId: k.KeyId, Marker: "bogus" })), "InvalidMarkerException");
    await rejectsWith(suite.kms.send(new ListGrantsCommand({ KeyId: k.KeyId, Limit: 0 })), "ValidationException");
    await rejectsWith(suite.kms.send(new ListGrantsCommand({ KeyId: "22222222-2222-4222-8222-222222222222" })), "NotFoundException");
  });

  test("ListRetirableGrants lists the grants a principal may retire, across keys", async () => {
    const retiring = `arn:aws:iam::${ACCOUNT}:user/retirer`;
    const a = await newKey();
    const b = await newKey();
    const ga = await suite.kms.send(new CreateGrantCommand({ KeyId: a.KeyId, GranteePrincipal: WORKER, RetiringPrincipal: retiring, Operations: ["Decrypt"] }));
    await suite.kms.send(new CreateGrantCommand({ KeyId: a.KeyId, GranteePrincipal: WORKER, Operations: ["Decrypt"] }));
    const gb = await suite.kms.send(new CreateGrantCommand({ KeyId: b.KeyId, GranteePrincipal: WORKER, RetiringPrincipal: retiring, Operations: ["Encrypt"] }));
    const first = await suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring, Limit: 1 }));
    assert.equal(first.Truncated, true);
    const second = await suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring, Marker: first.NextMarker }));
    assert.equal(second.Truncated, false);
    const entries = [...first.Grants!, ...second.Grants!];
    assert.deepEqual(entries.map((g) => [g.KeyId, g.GrantId]), [[a.Arn, ga.GrantId], [b.Arn, gb.GrantId]]);
    assert.ok(entries.every((g) => g.RetiringPrincipal === retiring && g.IssuingAccount === ROOT));
    assert.deepEqual((await suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: `arn:aws:iam::${ACCOUNT}:user/nobody` }))).Grants, []);
    await rejectsWith(suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: "arn:aws:iam::444455556666:user/elsewhere" })), "AccessDeniedException");
    await rejectsWith(suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: "not-an-arn" })), "InvalidArnException");
    await rejectsWith(suite.kms.send(new ListRetirableGrantsCommand({})), "ValidationException", /Value null at 'retiringPrincipal'/);
  });
});

describe("KMS grants and key deletion", () => {
  const suite = serverPerSuite();
  before(() => createGrantees(suite.server, ["ops", "cleanup"]));

  test("a key's grants are deleted with it", async () => {
    const key = (await suite.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const retiring = `arn:aws:iam::${ACCOUNT}:user/cleanup`;
    await suite.kms.send(new CreateGrantCommand({ KeyId: key.KeyId, GranteePrincipal: WORKER, RetiringPrincipal: retiring, Operations: ["Decrypt"] }));
    await suite.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    assert.equal((await suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring }))).Grants!.length, 1, "kept while pending");
    suite.server.advanceDays(7.01);
    assert.equal((await suite.server.strongbox.runLifecycle()).deleted, 1);
    assert.deepEqual((await suite.kms.send(new ListRetirableGrantsCommand({ RetiringPrincipal: retiring }))).Grants, []);
    await rejectsWith(suite.kms.send(new ListGrantsCommand({ KeyId: key.KeyId })), "NotFoundException");
  });
});
