import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { CloudTrailClient, LookupEventsCommand } from "@aws-sdk/client-cloudtrail";
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  KMSClient,
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  UpdateCustomKeyStoreCommand,
} from "@aws-sdk/client-kms";
import { startChildServer } from "./helpers/child-server.js";
import { createSoftHsm, type SoftHsm } from "./helpers/softhsm.js";
import { ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";
import { rejectsWith } from "./helpers/errors.js";
import { awsCli } from "./helpers/aws-cli.js";
import { describeStore, trustAnchorPem } from "./helpers/custom-key-store.js";

const PIN = "kmsuser-pin-1";
const hsm: SoftHsm = createSoftHsm({ tokenLabel: "cks-main", pin: PIN });
hsm.addToken("cks-b", "kmsuser-pin-b");
hsm.addToken("cks-c", "kmsuser-pin-c");
const CLUSTER = "cluster-1a23b4cdefg";
const SAME_TOKEN_CLUSTER = "cluster-2b34c5defgh";
const CLUSTER_B = "cluster-3c45d6efghi";
const CLUSTER_C = "cluster-4d56e7fghij";
const ABSENT_CLUSTER = "cluster-5e67f8ghijk";
const UNMAPPED_CLUSTER = "cluster-9z99z9zzzzz";
after(() => hsm.cleanup());

describe("custom key stores (AWS_CLOUDHSM over PKCS#11 tokens): the store's lifecycle", () => {
  let server: TestServer;
  let kms: KMSClient;
  let anchor: string;
  const scratch = mkdtempSync(join(tmpdir(), "sbx-cks-cli-"));
  before(async () => {
    anchor = trustAnchorPem();
    server = await startTestServer({
      keepDataDir: true,
      config: {
        hsmClusters: {
          [CLUSTER]: { library: hsm.library, tokenLabel: "cks-main" },
          [SAME_TOKEN_CLUSTER]: { library: hsm.library, tokenLabel: "cks-main" },
          [CLUSTER_B]: { library: hsm.library, tokenLabel: "cks-b" },
          [CLUSTER_C]: { library: hsm.library, tokenLabel: "cks-c" },
          [ABSENT_CLUSTER]: { library: hsm.library, tokenLabel: "not-plugged-in" },
        },
      },
    });
    kms = server.kms();
  });
  after(async () => {
    await server.close();
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  const create = (name: string, clusterId: string, password = "kmsuser-pin-1") =>
    kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: name, CloudHsmClusterId: clusterId, TrustAnchorCertificate: anchor, KeyStorePassword: password }));

  test("create, describe, connect, rename, disconnect, move to a related cluster, delete", async () => {
    const { CustomKeyStoreId: id } = await create("primary", CLUSTER);
    assert.match(id!, /^cks-[0-9a-f]{17}$/);
    const created = await describeStore(kms, id!);
    assert.equal(created.ConnectionState, "DISCONNECTED");
    assert.equal(created.CustomKeyStoreType, "AWS_CLOUDHSM");
    assert.equal(created.CloudHsmClusterId, CLUSTER);
    assert.equal(created.CustomKeyStoreName, "primary");
    assert.equal(created.TrustAnchorCertificate, anchor);
    assert.ok(created.CreationDate instanceof Date);
    assert.equal(created.ConnectionErrorCode, undefined);
    const byName = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: "primary" }));
    assert.equal(byName.CustomKeyStores?.[0]?.CustomKeyStoreId, id);

    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    assert.equal((await describeStore(kms, id!)).ConnectionState, "CONNECTED");
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })); // already connected: fine
    await rejectsWith(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: "another-pin" })), "CustomKeyStoreInvalidStateException");
    await rejectsWith(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })), "CustomKeyStoreInvalidStateException");
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, NewCustomKeyStoreName: "primary-renamed" }));
    assert.equal((await describeStore(kms, id!)).CustomKeyStoreName, "primary-renamed");

    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    assert.equal((await describeStore(kms, id!)).ConnectionState, "DISCONNECTED");
    await rejectsWith(kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id })), "CustomKeyStoreInvalidStateException");

    // Another cluster id for the same token is the same cluster; another token is not.
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, CloudHsmClusterId: SAME_TOKEN_CLUSTER }));
    assert.equal((await describeStore(kms, id!)).CloudHsmClusterId, SAME_TOKEN_CLUSTER);
    await rejectsWith(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, CloudHsmClusterId: CLUSTER_B })), "CloudHsmClusterNotRelatedException");
    await rejectsWith(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, CloudHsmClusterId: UNMAPPED_CLUSTER })), "CloudHsmClusterNotFoundException");
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: "kmsuser-pin-1" }));
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    assert.equal((await describeStore(kms, id!)).ConnectionState, "CONNECTED");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));

    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await rejectsWith(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id })), "CustomKeyStoreNotFoundException");
    await rejectsWith(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })), "CustomKeyStoreNotFoundException");
    await rejectsWith(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id })), "CustomKeyStoreNotFoundException");
  });

  test("AWS's rules at creation: unique names, one store per cluster (or token), a known and reachable cluster, a certificate, a password of 7 to 32 characters", async () => {
    const { CustomKeyStoreId: id } = await create("rules", CLUSTER);
    try {
      await rejectsWith(create("rules", CLUSTER_B, "kmsuser-pin-b"), "CustomKeyStoreNameInUseException");
      await rejectsWith(create("rules-2", CLUSTER), "CloudHsmClusterInUseException");
      await rejectsWith(create("rules-3", SAME_TOKEN_CLUSTER), "CloudHsmClusterInUseException");
      await rejectsWith(create("rules-4", UNMAPPED_CLUSTER), "CloudHsmClusterNotFoundException", /cluster-9z99z9zzzzz/);
      await rejectsWith(create("rules-5", ABSENT_CLUSTER), "CloudHsmClusterNotActiveException");
      await rejectsWith(
        kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "rules-6", CloudHsmClusterId: CLUSTER_B, TrustAnchorCertificate: "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----", KeyStorePassword: "kmsuser-pin-b" })),
        "IncorrectTrustAnchorException",
      );
      const short = await rejectsWith(create("rules-7", CLUSTER_B, "short6"), "ValidationException");
      assert.ok(!short.message.includes("short6"), "the refused password is not echoed");
      await rejectsWith(create("rules-8", CLUSTER_B, "x".repeat(33)), "ValidationException");
      await rejectsWith(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "rules-9", CloudHsmClusterId: CLUSTER_B, KeyStorePassword: "kmsuser-pin-b" })), "ValidationException", /TrustAnchorCertificate/);
      await rejectsWith(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "xks", CustomKeyStoreType: "EXTERNAL_KEY_STORE" })), "UnsupportedOperationException");
      await rejectsWith(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "x".repeat(257), CloudHsmClusterId: CLUSTER_B, TrustAnchorCertificate: anchor, KeyStorePassword: "kmsuser-pin-b" })), "ValidationException");
      await rejectsWith(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreName: "no-such-store" })), "CustomKeyStoreNotFoundException");
      await rejectsWith(kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: "cks-00000000000000000" })), "CustomKeyStoreNotFoundException");
    } finally {
      await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    }
  });

  test("a wrong password connects to FAILED with INVALID_CREDENTIALS; disconnect, new password, connected", async () => {
    const { CustomKeyStoreId: id } = await create("wrong-password", CLUSTER_B, "not-the-pin-of-b");
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    const failed = await describeStore(kms, id!);
    assert.equal(failed.ConnectionState, "FAILED");
    assert.equal(failed.ConnectionErrorCode, "INVALID_CREDENTIALS");
    assert.deepEqual(server.strongbox.keyStoreHealth().find((s) => s.id === id), { id, accountId: "111122223333", region: REGION, state: "FAILED", errorCode: "INVALID_CREDENTIALS" });
    await rejectsWith(kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id })), "CustomKeyStoreInvalidStateException", /disconnect it/);
    await rejectsWith(kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: "kmsuser-pin-b" })), "CustomKeyStoreInvalidStateException");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: "kmsuser-pin-b" }));
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    assert.equal((await describeStore(kms, id!)).ConnectionState, "CONNECTED");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  });

  test("DescribeCustomKeyStores pages with Limit and Marker; the AWS CLI lists the stores", async () => {
    const ids = [(await create("page-a", CLUSTER)).CustomKeyStoreId!, (await create("page-b", CLUSTER_B, "kmsuser-pin-b")).CustomKeyStoreId!, (await create("page-c", CLUSTER_C, "kmsuser-pin-c")).CustomKeyStoreId!];
    try {
      const first = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 2 }));
      assert.equal(first.CustomKeyStores?.length, 2);
      assert.equal(first.Truncated, true);
      const second = await kms.send(new DescribeCustomKeyStoresCommand({ Limit: 2, Marker: first.NextMarker }));
      assert.equal(second.Truncated, false);
      assert.equal(second.NextMarker, undefined);
      const seen = [...first.CustomKeyStores!, ...second.CustomKeyStores!].map((s) => s.CustomKeyStoreId).sort();
      assert.deepEqual(seen, [...ids].sort());
      await rejectsWith(kms.send(new DescribeCustomKeyStoresCommand({ Marker: "not-a-marker" })), "InvalidMarkerException");

      const cli = await awsCli(server.url, scratch, ADMIN, ["kms", "describe-custom-key-stores"]);
      const listed = (cli.CustomKeyStores as { CustomKeyStoreName: string; ConnectionState: string; CustomKeyStoreType: string }[]).map((s) => s.CustomKeyStoreName).sort();
      assert.deepEqual(listed, ["page-a", "page-b", "page-c"]);
      const one = await awsCli(server.url, scratch, ADMIN, ["kms", "describe-custom-key-stores", "--custom-key-store-name", "page-b"]);
      assert.equal((one.CustomKeyStores as { CloudHsmClusterId: string }[])[0]?.CloudHsmClusterId, CLUSTER_B);
    } finally {
      for (const id of ids) await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    }
  });

  test("the password reaches neither the audit trail, the logs nor the data dir in plaintext; the calls are audited with AWS-like parameters", async () => {
    // Not the token's PIN: the failed login's error and log lines must not carry it either.
    const password = "audit-me-not-7734";
    const { CustomKeyStoreId: id } = await create("audited", CLUSTER_C, password);
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: id, KeyStorePassword: password }));
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    assert.equal((await describeStore(kms, id!)).ConnectionErrorCode, "INVALID_CREDENTIALS");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id }));
    await server.strongbox.auditLog.drain();
    const cloudtrail = new CloudTrailClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const events = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: "CreateCustomKeyStore" }] }))).Events!;
      const record = events.map((e) => JSON.parse(e.CloudTrailEvent!) as { requestParameters: Record<string, unknown>; responseElements: Record<string, unknown> | null }).find((e) => e.responseElements?.customKeyStoreId === id);
      assert.ok(record, "CreateCustomKeyStore is in the trail with the new store's id");
      assert.equal(record.requestParameters.customKeyStoreName, "audited");
      assert.equal(record.requestParameters.cloudHsmClusterId, CLUSTER_C);
      assert.equal(record.requestParameters.keyStorePassword, undefined);
      for (const name of ["ConnectCustomKeyStore", "DisconnectCustomKeyStore", "UpdateCustomKeyStore", "DeleteCustomKeyStore"]) {
        const found = (await cloudtrail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: "EventName", AttributeValue: name }] }))).Events!;
        assert.ok(found.length > 0, `${name} is audited`);
        for (const event of found) assert.ok(!event.CloudTrailEvent!.includes(password));
      }
    } finally {
      cloudtrail.destroy();
    }
    await server.strongbox.close();
    const dataDir = join(server.dataDir, "data");
    const forms = [Buffer.from(password), Buffer.from(Buffer.from(password).toString("base64")), Buffer.from(Buffer.from(password).toString("hex"))];
    for (const name of readdirSync(dataDir)) {
      const content = readFileSync(join(dataDir, name));
      for (const form of forms) assert.equal(content.indexOf(form), -1, `the password is in ${name}`);
    }
    for (const form of forms) assert.equal(Buffer.from(server.logs()).indexOf(form), -1, "the password is in the logs");
  });
});

describe("custom key stores in `strongbox server` (a child process configured by STRONGBOX_HSM_CLUSTERS)", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-cks-child-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("the cluster map file is read at start; a key made in the token encrypts and decrypts through the process", async () => {
    const clusters = join(dir, "clusters.json");
    writeFileSync(clusters, JSON.stringify({ [CLUSTER_C]: { library: hsm.library, tokenLabel: "cks-c" } }));
    const server = await startChildServer(["--dev", "--data-dir", join(dir, "data")], { ...hsm.env, STRONGBOX_HSM_CLUSTERS: clusters });
    const kms = new KMSClient({ endpoint: server.url, region: REGION, credentials: ADMIN, maxAttempts: 1 });
    try {
      const id = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "child", CloudHsmClusterId: CLUSTER_C, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: "kmsuser-pin-c" })))
        .CustomKeyStoreId!;
      await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
      const keyId = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: id }))).KeyMetadata!.KeyId!;
      const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("from a child") }))).CiphertextBlob!;
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "from a child");
      await rejectsWith(kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "unmapped", CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: PIN })), "CloudHsmClusterNotFoundException");
      assert.ok(!server.output().includes("kmsuser-pin-c"), "the password is not in the server's output");
    } finally {
      kms.destroy();
      server.child.kill("SIGTERM");
      await server.exited();
    }
  });

  test("a malformed cluster map stops the server with a message that says what is wrong", async () => {
    const clusters = join(dir, "bad-clusters.json");
    writeFileSync(clusters, JSON.stringify({ "cluster-1a23b4cdefg": { library: hsm.library } }));
    await assert.rejects(startChildServer(["--dev", "--data-dir", join(dir, "data-bad")], { STRONGBOX_HSM_CLUSTERS: clusters }), /needs "tokenLabel"/);
  });
});
