/**
 * `strongbox server --emulator --seed FILE` (issue 10): keys with fixed ids and material of every
 * kind the seed takes, aliases, secrets and parameters; ciphertexts and MACs that stay valid
 * fixtures from one start to the next; a reset returning to the seeded state; bad seeds refused
 * with the entry named.
 */
import assert from "node:assert/strict";
import { createHmac, createPublicKey, generateKeyPairSync, verify as verifySignature } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  GetPublicKeyCommand,
  KMSClient,
  ListGrantsCommand,
  ListKeyRotationsCommand,
  ListResourceTagsCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
} from "@aws-sdk/client-kms";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { runCli, startChildServer, type ChildServer } from "./helpers/child-server.js";

const ACCOUNT = "123456789012";
const as = (url: string, region = "us-east-1") => ({ endpoint: url, region, credentials: { accessKeyId: ACCOUNT, secretAccessKey: "x" }, maxAttempts: 1 });

const IDS = {
  symmetric: "11111111-1111-4111-8111-111111111111",
  rotated: "22222222-2222-4222-8222-222222222222",
  hmac: "33333333-3333-4333-8333-333333333333",
  rsa: "44444444-4444-4444-8444-444444444444",
  ecc: "55555555-5555-4555-8555-555555555555",
  ed25519: "66666666-6666-4666-8666-666666666666",
  disabled: "77777777-7777-4777-8777-777777777777",
  west: "88888888-8888-4888-8888-888888888888",
  mlDsa: "99999999-9999-4999-8999-999999999999",
  mlKem: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  rsaEncrypt: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
};
const symmetricMaterial = Buffer.alloc(32, 0x11).toString("base64");
const firstMaterial = Buffer.alloc(32, 0x21).toString("base64");
const secondMaterial = Buffer.alloc(32, 0x22).toString("base64");
const hmacKey = Buffer.alloc(32, 0x33);
const pem = (pair: { privateKey: string }) => pair.privateKey;
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const ecc = generateKeyPairSync("ec", { namedCurve: "prime256v1", privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const ed = generateKeyPairSync("ed25519", { privateKeyEncoding: { type: "pkcs8", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const indent = (text: string, spaces: number) => text.trimEnd().split("\n").map((line) => " ".repeat(spaces) + line).join("\n");

function seedYaml(rotatedMaterials: string[]): string {
  return `# A seed as a test suite keeps it beside its fixtures.
accounts:
  - accountId: "${ACCOUNT}"
    keys:
      - keyId: ${IDS.symmetric}
        description: seeded symmetric
        material: ${symmetricMaterial}
        tags: { team: payments }
        policy:
          Version: "2012-10-17"
          Statement:
            - Sid: SeededPolicy
              Effect: Allow
              Principal: { AWS: "arn:aws:iam::${ACCOUNT}:root" }
              Action: "kms:*"
              Resource: "*"
      - keyId: ${IDS.rotated}
        materials: [${rotatedMaterials.join(", ")}]
        rotationPeriodInDays: 180
      - keyId: ${IDS.hmac}
        keySpec: HMAC_256
        material: ${hmacKey.toString("base64")}
      - keyId: ${IDS.rsa}
        keySpec: RSA_2048
        keyUsage: SIGN_VERIFY
        material: |
${indent(pem(rsa), 10)}
      - keyId: ${IDS.ecc}
        keySpec: ECC_NIST_P256
        material: |
${indent(pem(ecc), 10)}
      - keyId: ${IDS.ed25519}
        keySpec: ECC_NIST_EDWARDS25519
        material: |
${indent(pem(ed), 10)}
      - keyId: ${IDS.disabled}
        enabled: false
      - keyId: ${IDS.mlDsa}
        keySpec: ML_DSA_44
        material: ${Buffer.alloc(32, 0x44).toString("base64")}
      - keyId: ${IDS.mlKem}
        keySpec: ML_KEM_768
        material: ${Buffer.alloc(64, 0x55).toString("base64")}
      - keyId: ${IDS.rsaEncrypt}
        keySpec: RSA_2048
        keyUsage: ENCRYPT_DECRYPT
        material: |
${indent(pem(rsa), 10)}
    aliases:
      - { name: alias/seeded, targetKeyId: ${IDS.symmetric} }
    grants:
      - { name: seeded-grant, keyId: ${IDS.symmetric}, granteePrincipal: "arn:aws:iam::${ACCOUNT}:root", operations: [Decrypt], constraints: { EncryptionContextSubset: { suite: seed } } }
    secrets:
      - { name: seeded/db, secretString: "seeded password", kmsKeyId: alias/seeded }
    parameters:
      - { name: /seeded/token, value: "seeded token", type: SecureString }
  - accountId: "${ACCOUNT}"
    region: eu-west-1
    keys:
      - keyId: ${IDS.west}
        material: ${symmetricMaterial}
`;
}

describe("strongbox server --emulator --seed", () => {
  const dir = mkdtempSync(join(tmpdir(), "sbx-seed-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const seedFile = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  test("every kind of seeded key, with its fixed id and material; aliases, secrets and parameters; ciphertexts and MACs stay valid fixtures across starts; a reset returns to the seed", async () => {
    // A first start seeds only the rotated key's first material, and makes the fixtures.
    const first = await startChildServer(["--emulator", "--seed", seedFile("first.yaml", seedYaml([firstMaterial]))]);
    let fixtures: { blob: Uint8Array; oldBlob: Uint8Array; mac: Uint8Array; westBlob: Uint8Array; mlDsaSignature: Uint8Array; rsaBlob: Uint8Array; mlKemPublicKey: Uint8Array };
    try {
      const kms = new KMSClient(as(first.url));
      const west = new KMSClient(as(first.url, "eu-west-1"));
      fixtures = {
        blob: (await kms.send(new EncryptCommand({ KeyId: "alias/seeded", Plaintext: Buffer.from("fixture"), EncryptionContext: { suite: "seed" } }))).CiphertextBlob!,
        oldBlob: (await kms.send(new EncryptCommand({ KeyId: IDS.rotated, Plaintext: Buffer.from("under the first material") }))).CiphertextBlob!,
        mac: (await kms.send(new GenerateMacCommand({ KeyId: IDS.hmac, Message: Buffer.from("mac me"), MacAlgorithm: "HMAC_SHA_256" }))).Mac!,
        westBlob: (await west.send(new EncryptCommand({ KeyId: IDS.west, Plaintext: Buffer.from("west") }))).CiphertextBlob!,
        mlDsaSignature: (await kms.send(new SignCommand({ KeyId: IDS.mlDsa, Message: Buffer.from("post-quantum"), MessageType: "RAW", SigningAlgorithm: "ML_DSA_SHAKE_256" }))).Signature!,
        rsaBlob: (await kms.send(new EncryptCommand({ KeyId: IDS.rsaEncrypt, Plaintext: Buffer.from("rsa fixture"), EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }))).CiphertextBlob!,
        mlKemPublicKey: (await kms.send(new GetPublicKeyCommand({ KeyId: IDS.mlKem }))).PublicKey!,
      };
      kms.destroy();
      west.destroy();
    } finally {
      await first.stop();
    }
    // The HMAC key is the material given, byte for byte.
    assert.deepEqual(Buffer.from(fixtures.mac), createHmac("sha256", hmacKey).update("mac me").digest());

    // A second start, from a fresh state, with the rotated key's second material too.
    const server = await startChildServer(["--emulator", "--seed", seedFile("second.yaml", seedYaml([firstMaterial, secondMaterial]))]);
    const kms = new KMSClient(as(server.url));
    try {
      assert.match(server.output(), /"msg":"seeded"/);
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: fixtures.blob, EncryptionContext: { suite: "seed" } }))).Plaintext!).toString(), "fixture");
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: fixtures.oldBlob }))).Plaintext!).toString(), "under the first material", "an older backing key still decrypts");
      const westKms = new KMSClient(as(server.url, "eu-west-1"));
      assert.equal(Buffer.from((await westKms.send(new DecryptCommand({ CiphertextBlob: fixtures.westBlob }))).Plaintext!).toString(), "west");
      westKms.destroy();
      assert.equal((await kms.send(new VerifyMacCommand({ KeyId: IDS.hmac, Message: Buffer.from("mac me"), Mac: fixtures.mac, MacAlgorithm: "HMAC_SHA_256" }))).MacValid, true);
      assert.equal((await kms.send(new VerifyCommand({ KeyId: IDS.mlDsa, Message: Buffer.from("post-quantum"), MessageType: "RAW", Signature: fixtures.mlDsaSignature, SigningAlgorithm: "ML_DSA_SHAKE_256" }))).SignatureValid, true, "an ML-DSA signature from the first start verifies");
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ KeyId: IDS.rsaEncrypt, CiphertextBlob: fixtures.rsaBlob, EncryptionAlgorithm: "RSAES_OAEP_SHA_256" }))).Plaintext!).toString(), "rsa fixture");
      assert.deepEqual((await kms.send(new GetPublicKeyCommand({ KeyId: IDS.mlKem }))).PublicKey, fixtures.mlKemPublicKey, "the ML-KEM key is the seed's on every start");
      const grants = (await kms.send(new ListGrantsCommand({ KeyId: IDS.symmetric }))).Grants!;
      assert.deepEqual(grants.map((g) => [g.Name, g.Operations, g.Constraints?.EncryptionContextSubset]), [["seeded-grant", ["Decrypt"], { suite: "seed" }]]);

      const described = async (keyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      assert.deepEqual(
        await Promise.all(Object.entries(IDS).filter(([name]) => !["west", "mlDsa", "mlKem", "rsaEncrypt"].includes(name)).map(async ([, id]) => { const m = await described(id); return [m.KeySpec, m.KeyUsage, m.KeyState]; })),
        [
          ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Enabled"],
          ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Enabled"],
          ["HMAC_256", "GENERATE_VERIFY_MAC", "Enabled"],
          ["RSA_2048", "SIGN_VERIFY", "Enabled"],
          ["ECC_NIST_P256", "SIGN_VERIFY", "Enabled"],
          ["ECC_NIST_EDWARDS25519", "SIGN_VERIFY", "Enabled"],
          ["SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "Disabled"],
        ],
      );
      assert.equal((await described(IDS.symmetric)).Description, "seeded symmetric");
      assert.equal((await described(IDS.symmetric)).Arn, `arn:aws:kms:us-east-1:${ACCOUNT}:key/${IDS.symmetric}`);
      assert.equal((await kms.send(new ListKeyRotationsCommand({ KeyId: IDS.rotated }))).Rotations!.length, 1);
      assert.deepEqual(await kms.send(new GetKeyRotationStatusCommand({ KeyId: IDS.rotated })).then((r) => [r.KeyRotationEnabled, r.RotationPeriodInDays]), [true, 180]);
      assert.match((await kms.send(new GetKeyPolicyCommand({ KeyId: IDS.symmetric, PolicyName: "default" }))).Policy!, /SeededPolicy/);
      assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: IDS.symmetric }))).Tags, [{ TagKey: "team", TagValue: "payments" }]);

      // The asymmetric keys are the PEM keys given: their public keys, and signatures a third party verifies.
      for (const [keyId, pair, algorithm] of [[IDS.rsa, rsa, "RSASSA_PKCS1_V1_5_SHA_256"], [IDS.ecc, ecc, "ECDSA_SHA_256"], [IDS.ed25519, ed, "ED25519_SHA_512"]] as const) {
        const publicKey = (await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!;
        assert.deepEqual(Buffer.from(publicKey), createPublicKey(pair.publicKey).export({ format: "der", type: "spki" }));
        const signature = (await kms.send(new SignCommand({ KeyId: keyId, Message: Buffer.from("signed"), SigningAlgorithm: algorithm, ...(algorithm === "ED25519_SHA_512" ? { MessageType: "RAW" } : {}) }))).Signature!;
        const digest = algorithm === "ED25519_SHA_512" ? null : "sha256";
        assert.equal(verifySignature(digest, Buffer.from("signed"), pair.publicKey, Buffer.from(signature)), true, `${algorithm} signature verifies with the seed's key`);
      }

      const secrets = new SecretsManagerClient(as(server.url));
      const ssm = new SSMClient(as(server.url));
      assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: "seeded/db" }))).SecretString, "seeded password");
      assert.equal((await ssm.send(new GetParameterCommand({ Name: "/seeded/token", WithDecryption: true }))).Parameter!.Value, "seeded token");

      // A reset returns to the seeded state: what the test made goes, the seed comes back.
      const made = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
      assert.equal((await fetch(`${server.url}/moto-api/reset`, { method: "POST" })).status, 200);
      await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: made })), { name: "NotFoundException" });
      assert.equal(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: fixtures.blob, EncryptionContext: { suite: "seed" } }))).Plaintext!).toString(), "fixture");
      assert.equal((await secrets.send(new GetSecretValueCommand({ SecretId: "seeded/db" }))).SecretString, "seeded password");
      assert.equal((await kms.send(new ListGrantsCommand({ KeyId: IDS.symmetric }))).Grants!.length, 1, "the seeded grant, once");
      secrets.destroy();
      ssm.destroy();
    } finally {
      kms.destroy();
      await server.stop();
    }
  });

  test("a seed that cannot be applied stops the start, naming the entry; --seed needs --emulator", async () => {
    const cases: { name: string; text: string; message: RegExp }[] = [
      { name: "unknown field", text: `accounts:\n  - keys:\n      - keyId: ${IDS.symmetric}\n        materail: abc\n`, message: /accounts\[0\]\.keys\[0\]: Unrecognized key: "materail"|accounts\[0\]\.keys\[0\].*materail/ },
      { name: "short material", text: `accounts:\n  - keys:\n      - keyId: ${IDS.symmetric}\n      - keyId: ${IDS.rotated}\n        material: ${Buffer.alloc(16).toString("base64")}\n`, message: new RegExp(`accounts\\[0\\]\\.keys\\[1\\] \\(${IDS.rotated}\\): a SYMMETRIC_DEFAULT key's material is 32 bytes in base64`) },
      { name: "wrong PEM", text: `accounts:\n  - keys:\n      - keyId: ${IDS.rsa}\n        keySpec: RSA_2048\n        keyUsage: SIGN_VERIFY\n        material: |\n${indent(pem(ecc), 10)}\n`, message: /accounts\[0\]\.keys\[0\] \(4444.*\): the PEM key is ec prime256v1, not a RSA_2048 key/ },
      { name: "alias to nothing", text: `accounts:\n  - aliases:\n      - { name: alias/nowhere, targetKeyId: ${IDS.symmetric} }\n`, message: /accounts\[0\]\.aliases\[0\] \(alias\/nowhere\): / },
      { name: "not YAML", text: "accounts: [\n", message: /not valid YAML or JSON/ },
    ];
    let scratchSeen = 0;
    for (const { name, text, message } of cases) {
      const result = await runCli(["server", "--emulator", "--port", "0", "--seed", seedFile(`${name}.yaml`, text)]);
      assert.equal(result.code, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, /(^|\n)strongbox: the seed file .*: /, name);
      assert.match(result.stderr, message, name);
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`);
      // Other suites' emulators may run beside this one: look only at the scratch dir this start logged.
      for (const [, dataDir] of result.stdout.matchAll(/"dataDir":"([^"]+strongbox-emulator-[^"]+)"/g)) {
        scratchSeen++;
        assert.equal(existsSync(dataDir!), false, `${name}: a start that failed leaves no scratch state behind (${dataDir})`);
      }
    }
    assert.ok(scratchSeen >= 3, "the starts that got as far as their data dir said where it was");
    const plain = await runCli(["server", "--dev", "--port", "0", "--seed", seedFile("ok.json", JSON.stringify({ accounts: [{ keys: [] }] }))]);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /--seed fills an emulator: add --emulator/);
  });
});
