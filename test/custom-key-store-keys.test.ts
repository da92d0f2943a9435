import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeleteCustomKeyStoreCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ListKeysCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  UpdateCustomKeyStoreCommand,
  type KMSClient,
} from "@aws-sdk/client-kms";
import { createSoftHsm, type SoftHsm } from "./helpers/softhsm.js";
import pkcs11js from "pkcs11js";
import { inspectTokenKey } from "./helpers/pkcs11-probe.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { rejectsWith } from "./helpers/errors.js";
import { describeStore, trustAnchorPem } from "./helpers/custom-key-store.js";
import { Pkcs11Libraries } from "../src/adapters/pkcs11/library.js";
import { findTokenSlot } from "../src/adapters/pkcs11/token-session.js";

const PIN = "kmsuser-pin-1";
const hsm: SoftHsm = createSoftHsm({ tokenLabel: "keys-token", pin: PIN });
hsm.addToken("revoke-token", "revoke-pin-1");
const CLUSTER = "cluster-1a23b4cdefg";
const REVOKE_CLUSTER = "cluster-2b34c5defgh";
const clusters = {
  [CLUSTER]: { library: hsm.library, tokenLabel: "keys-token" },
  [REVOKE_CLUSTER]: { library: hsm.library, tokenLabel: "revoke-token" },
};

after(() => hsm.cleanup());

/**
 * The module as this test process sees it: the server in this process loaded the same one, so
 * what is done here acts on the server's sessions too. Never closed: C_Finalize would end them.
 */
const sharedModule = () => new Pkcs11Libraries().open(hsm.library);

/** Closes every session of the token, as a token pulled out and plugged back in would (its login goes too). */
function pullToken(tokenLabel: string): void {
  const library = sharedModule();
  library.module.C_CloseAllSessions(findTokenSlot(library, { library: hsm.library, tokenLabel }).slot);
}

/**
 * Changes the token's user PIN with C_SetPIN, as the HSM's administrator would. In this process:
 * SoftHSM2 reads the PINs of its tokens once, at C_Initialize, so a change made by another
 * process is not seen by the server until it restarts.
 */
function changePin(tokenLabel: string, oldPin: string, newPin: string): void {
  const library = sharedModule();
  const session = library.module.C_OpenSession(findTokenSlot(library, { library: hsm.library, tokenLabel }).slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
  try {
    library.module.C_SetPIN(session, oldPin, newPin);
  } finally {
    library.module.C_CloseSession(session);
  }
}

describe("keys in a custom key store: material generated and used only inside the token", () => {
  let server: TestServer;
  let kms: KMSClient;
  let storeId: string;
  let keyId: string;
  const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString("utf8");

  before(async () => {
    server = await startTestServer({ keepDataDir: true, config: { hsmClusters: clusters } });
    kms = server.kms();
    storeId = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "keys", CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: PIN })))
      .CustomKeyStoreId!;
  });
  after(() => server.close());

  test("CreateKey needs a CONNECTED store and a symmetric encryption key; the key shows its origin, store and cluster", async () => {
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId })), "CustomKeyStoreInvalidStateException");
    await rejectsWith(kms.send(new GenerateRandomCommand({ NumberOfBytes: 16, CustomKeyStoreId: storeId })), "CustomKeyStoreInvalidStateException");
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    assert.equal((await kms.send(new GenerateRandomCommand({ NumberOfBytes: 48, CustomKeyStoreId: storeId }))).Plaintext?.length, 48);
    await rejectsWith(kms.send(new GenerateRandomCommand({ NumberOfBytes: 16, CustomKeyStoreId: "cks-00000000000000000" })), "CustomKeyStoreNotFoundException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: "cks-00000000000000000" })), "CustomKeyStoreNotFoundException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM" })), "ValidationException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId, KeySpec: "RSA_2048", KeyUsage: "ENCRYPT_DECRYPT" })), "UnsupportedOperationException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId, MultiRegion: true })), "UnsupportedOperationException");
    await rejectsWith(kms.send(new CreateKeyCommand({ Origin: "AWS_KMS", CustomKeyStoreId: storeId })), "UnsupportedOperationException");
    // Origin left out with a store named: the key is the store's (AWS_CLOUDHSM).
    const inferred = (await kms.send(new CreateKeyCommand({ CustomKeyStoreId: storeId }))).KeyMetadata!;
    assert.equal(inferred.Origin, "AWS_CLOUDHSM");
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: inferred.KeyId, PendingWindowInDays: 7 }));
    const created = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId, Description: "in the token" }))).KeyMetadata!;
    keyId = created.KeyId!;
    assert.equal(created.Origin, "AWS_CLOUDHSM");
    assert.equal(created.CustomKeyStoreId, storeId);
    assert.equal(created.CloudHsmClusterId, CLUSTER);
    assert.equal(created.KeySpec, "SYMMETRIC_DEFAULT");
    assert.equal(created.KeyState, "Enabled");
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    assert.equal(described.CustomKeyStoreId, storeId);
    assert.equal(described.CloudHsmClusterId, CLUSTER);
  });

  test("Encrypt, Decrypt, GenerateDataKey(WithoutPlaintext) and ReEncrypt work, in the usual blob format; rotation and data key pairs are refused", async () => {
    const context = { purpose: "hsm-test" };
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("held by the token"), EncryptionContext: context }))).CiphertextBlob!;
    assert.equal(blob[0], 0x01, "format-1 blob");
    assert.equal(Buffer.from(blob.subarray(2, 18)).toString("hex"), keyId.replace(/-/g, ""));
    assert.equal(blob.length, 90 + "held by the token".length);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
    assert.equal(text(opened.Plaintext), "held by the token");
    assert.equal(opened.KeyId, (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Arn);
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: "other" } })), "InvalidCiphertextException");
    const flipped = Buffer.from(blob);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: flipped, EncryptionContext: context })), "InvalidCiphertextException");

    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: "AES_256" }));
    assert.equal(dataKey.Plaintext?.length, 32);
    assert.deepEqual(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }))).Plaintext!), Buffer.from(dataKey.Plaintext!));
    const withoutPlaintext = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 24 }));
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: withoutPlaintext.CiphertextBlob }))).Plaintext?.length, 24);

    // Out of the token to an ordinary key, and back in.
    const ordinary = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    const moved = await kms.send(new ReEncryptCommand({ CiphertextBlob: blob, SourceEncryptionContext: context, DestinationKeyId: ordinary }));
    const back = await kms.send(new ReEncryptCommand({ CiphertextBlob: moved.CiphertextBlob, DestinationKeyId: keyId, DestinationEncryptionContext: context }));
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: back.CiphertextBlob, EncryptionContext: context }))).Plaintext), "held by the token");

    await rejectsWith(kms.send(new EnableKeyRotationCommand({ KeyId: keyId })), "UnsupportedOperationException");
    await rejectsWith(kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })), "UnsupportedOperationException");
    await rejectsWith(kms.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: "ECC_NIST_P256" })), "UnsupportedOperationException");
  });

  test("the key's material cannot be read or wrapped out of the token by someone who has the PIN", () => {
    const seen = inspectTokenKey(hsm, "keys-token", PIN, keyId);
    assert.equal(seen.found, true, JSON.stringify(seen));
    assert.ok(seen.labels?.some((label) => label.startsWith(`${keyId}/`)), "labelled with the key id and material id");
    assert.equal(seen.sensitive, true);
    assert.equal(seen.extractable, false);
    assert.equal(seen.token, true);
    assert.equal(seen.valueRead, "CKR_ATTRIBUTE_SENSITIVE");
    assert.equal(seen.wrap, "CKR_KEY_UNEXTRACTABLE");
  });

  test("disconnecting under load: calls fail with KMSInvalidStateException, the key shows Unavailable, the server stays up, and reconnecting restores service", async () => {
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("under load") }))).CiphertextBlob!;
    const outcomes = { ok: 0, invalidState: 0, other: [] as string[] };
    let stop = false;
    const worker = async () => {
      for (let i = 0; i < 2000 && !stop; i++) {
        try {
          const encrypted = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(`message ${i}`) }));
          const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
          assert.equal(text(decrypted.Plaintext), `message ${i}`);
          outcomes.ok++;
        } catch (error) {
          if ((error as Error).name === "KMSInvalidStateException") outcomes.invalidState++;
          else outcomes.other.push(`${(error as Error).name}: ${(error as Error).message}`);
        }
      }
    };
    const workers = [worker(), worker(), worker(), worker()];
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const unavailable = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
    assert.equal(unavailable.KeyState, "Unavailable");
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: blob })), "KMSInvalidStateException", /DISCONNECTED/);
    stop = true;
    await Promise.all(workers);
    assert.deepEqual(outcomes.other, []);
    assert.ok(outcomes.ok > 0, "calls succeeded before the disconnect");
    assert.ok(outcomes.invalidState > 0, "calls failed after it");
    assert.ok((await kms.send(new ListKeysCommand({}))).Keys!.length > 0, "the server still answers");

    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState, "Enabled");
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), "under load");
  });

  test("a token that loses its sessions is logged in again transparently; one whose PIN changed fails the store with INVALID_CREDENTIALS until the password is updated", async () => {
    const blob = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from("survives") }))).CiphertextBlob!;
    pullToken("keys-token");
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), "survives");
    assert.equal((await describeStore(kms, storeId)).ConnectionState, "CONNECTED");

    // A second store on another token: its PIN is revoked while it is connected.
    const revoked = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "revoked", CloudHsmClusterId: REVOKE_CLUSTER, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: "revoke-pin-1" })))
      .CustomKeyStoreId!;
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: revoked }));
    const revokedKey = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: revoked }))).KeyMetadata!.KeyId!;
    const sealed = (await kms.send(new EncryptCommand({ KeyId: revokedKey, Plaintext: Buffer.from("after the new PIN") }))).CiphertextBlob!;
    changePin("revoke-token", "revoke-pin-1", "revoke-pin-2");

    // The token drops our session: logging in again with the old PIN fails during the call.
    pullToken("revoke-token");
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: sealed })), "KMSInvalidStateException", /FAILED \(INVALID_CREDENTIALS\)/);
    const failed = await describeStore(kms, revoked);
    assert.equal(failed.ConnectionState, "FAILED");
    assert.equal(failed.ConnectionErrorCode, "INVALID_CREDENTIALS");
    assert.ok(server.strongbox.keyStoreHealth().some((s) => s.id === revoked && s.state === "FAILED"));
    const degraded = (await (await fetch(`${server.url}/health`)).json()) as { status: string; customKeyStores: Record<string, number> };
    assert.equal(degraded.status, "degraded");
    assert.deepEqual(degraded.customKeyStores, { CONNECTED: 1, FAILED: 1 }, "counts only: /health is unauthenticated");
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: revokedKey, Plaintext: Buffer.from("x") })), "KMSInvalidStateException");
    // The other store is untouched.
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext), "survives");

    // Disconnect and connect with the old password: still FAILED. With the new one: recovered, no restart.
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: revoked }));
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: revoked }));
    assert.equal((await describeStore(kms, revoked)).ConnectionErrorCode, "INVALID_CREDENTIALS");
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: revoked }));
    await kms.send(new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: revoked, KeyStorePassword: "revoke-pin-2" }));
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: revoked }));
    assert.equal((await describeStore(kms, revoked)).ConnectionState, "CONNECTED");
    assert.equal(text((await kms.send(new DecryptCommand({ CiphertextBlob: sealed }))).Plaintext), "after the new PIN");
    assert.equal(((await (await fetch(`${server.url}/health`)).json()) as { status: string }).status, "ok", "recovered: no longer degraded");
  });

  test("a store with keys cannot be deleted; a deleted key's token object is destroyed; then the store can go", async () => {
    const doomed = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId }))).KeyMetadata!.KeyId!;
    assert.equal(inspectTokenKey(hsm, "keys-token", PIN, doomed).found, true);
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await rejectsWith(kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId })), "CustomKeyStoreHasCMKsException");
    // Scheduling deletion works while disconnected, and the key shows PendingDeletion rather than Unavailable.
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed, PendingWindowInDays: 7 }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: doomed }))).KeyMetadata!.KeyState, "PendingDeletion");
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    server.advanceDays(8);
    const report = await server.strongbox.runLifecycle();
    assert.ok(JSON.stringify(report).length > 0);
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: doomed })), "NotFoundException");
    const after = inspectTokenKey(hsm, "keys-token", PIN, doomed);
    assert.equal(after.found, false, JSON.stringify(after));
    assert.equal(inspectTokenKey(hsm, "keys-token", PIN, keyId).found, false);
    await kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
    await kms.send(new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  });
});

describe("connection state is runtime state: stores left connected reconnect when Strongbox restarts", () => {
  test("a connected store is connected again after a restart; a disconnected one stays disconnected", async () => {
    const first = await startTestServer({ keepDataDir: true, config: { hsmClusters: clusters } });
    const kms = first.kms();
    const anchor = trustAnchorPem();
    const connected = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "stays", CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: anchor, KeyStorePassword: PIN }))).CustomKeyStoreId!;
    await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: connected }));
    const key = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: connected }))).KeyMetadata!.KeyId!;
    const blob = (await kms.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from("across a restart") }))).CiphertextBlob!;
    const idle = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "idle", CloudHsmClusterId: REVOKE_CLUSTER, TrustAnchorCertificate: anchor, KeyStorePassword: "revoke-pin-2" }))).CustomKeyStoreId!;
    await first.close();

    const second = await startTestServer({ dataDir: first.dataDir, config: { hsmClusters: clusters } });
    try {
      const kms2 = second.kms();
      assert.equal((await describeStore(kms2, connected)).ConnectionState, "CONNECTED");
      assert.equal((await describeStore(kms2, idle)).ConnectionState, "DISCONNECTED");
      assert.equal(Buffer.from((await kms2.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString(), "across a restart");
      assert.deepEqual(
        second.strongbox.keyStoreHealth().map((s) => [s.id, s.state]),
        [[connected, "CONNECTED"]],
      );
    } finally {
      await second.close();
    }
  });
});
