import { CreateKeyCommand, type CreateKeyCommandInput, EncryptCommand, GenerateDataKeyCommand, KMSClient, SignCommand, TagResourceCommand } from "@aws-sdk/client-kms";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Primitive } from "./crypto-floors.js";
import type { Call, Credentials } from "./presign.js";

/** One benchmarked workload: the calls wrk cycles through, and the floors it is held against. */
export interface Scenario {
  readonly name: string;
  readonly calls: readonly Call[];
  /** The primitive each call spends its cryptography on (the crypto ceiling), if one dominates. */
  readonly primitive?: Primitive;
  /** Whose ceiling the target is stated against. */
  readonly target?: { readonly against: "http" | "crypto"; readonly ratio: number };
  /** Also measured at half of its peak rate, for the latency target (p99 under 5 ms). */
  readonly halfLoadLatency?: boolean;
}

const kms = (target: string, body: unknown): Call => ({ target: `TrentService.${target}`, body: JSON.stringify(body) });
const secretsManager = (target: string, body: unknown): Call => ({ target: `secretsmanager.${target}`, body: JSON.stringify(body), service: "secretsmanager" });
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
/** How many distinct requests of each kind wrk cycles through (distinct ciphertexts, data keys, messages). */
const VARIANTS = 64;

/**
 * Creates the keys and fixtures the scenarios use (through the AWS SDK, as a client would) and
 * returns the scenarios: the operations the issue lists, each with 1 KiB or 256-byte payloads.
 */
export async function prepareScenarios(endpoint: string, credentials: Credentials): Promise<Scenario[]> {
  const client = new KMSClient({ endpoint, region: "us-east-1", credentials });
  const create = async (input: CreateKeyCommandInput) => (await client.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;
  const symmetric = await create({ Description: "bench symmetric" });
  const reEncryptTarget = await create({ Description: "bench re-encrypt target" });
  const p256 = await create({ KeySpec: "ECC_NIST_P256", KeyUsage: "SIGN_VERIFY" });
  const rsa = await create({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" });
  const hmac = await create({ KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
  await client.send(new TagResourceCommand({ KeyId: symmetric, Tags: [{ TagKey: "team", TagValue: "bench" }] }));

  const context = { purpose: "bench", tenant: "t-0001" };
  const plaintexts = Array.from({ length: VARIANTS }, (_, i) => Buffer.alloc(1024, i));
  const ciphertexts: string[] = [];
  for (const plaintext of plaintexts) {
    ciphertexts.push(b64((await client.send(new EncryptCommand({ KeyId: symmetric, Plaintext: plaintext, EncryptionContext: context }))).CiphertextBlob!));
  }
  const dataKeys: string[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    dataKeys.push(b64((await client.send(new GenerateDataKeyCommand({ KeyId: symmetric, KeySpec: "AES_256", EncryptionContext: context }))).CiphertextBlob!));
  }
  const messages = Array.from({ length: VARIANTS }, (_, i) => Buffer.alloc(256, i));
  const signatures = async (keyId: string, algorithm: "ECDSA_SHA_256" | "RSASSA_PSS_SHA_256") => {
    const out: string[] = [];
    for (const message of messages.slice(0, 8)) {
      out.push(b64((await client.send(new SignCommand({ KeyId: keyId, Message: message, MessageType: "RAW", SigningAlgorithm: algorithm }))).Signature!));
    }
    return out;
  };
  const p256Signatures = await signatures(p256, "ECDSA_SHA_256");
  const rsaSignatures = await signatures(rsa, "RSASSA_PSS_SHA_256");
  client.destroy();
  // Secrets of 1 KiB (JSON-ish text), under the default aws/secretsmanager key and under a customer key.
  const sm = new SecretsManagerClient({ endpoint, region: "us-east-1", credentials });
  const secretIds = { managed: [] as string[], customer: [] as string[] };
  for (let i = 0; i < VARIANTS; i++) {
    const value = JSON.stringify({ username: `user-${i}`, password: "p".repeat(990) });
    secretIds.managed.push((await sm.send(new CreateSecretCommand({ Name: `bench/managed/${i}`, SecretString: value }))).ARN!);
    secretIds.customer.push((await sm.send(new CreateSecretCommand({ Name: `bench/customer/${i}`, SecretString: value, KmsKeyId: symmetric }))).ARN!);
  }
  sm.destroy();

  const each = <T>(items: readonly T[], fn: (item: T, i: number) => Call) => items.map(fn);
  const encrypt = each(plaintexts, (p) => kms("Encrypt", { KeyId: symmetric, Plaintext: b64(p), EncryptionContext: context }));
  const decrypt = each(ciphertexts, (c) => kms("Decrypt", { CiphertextBlob: c, EncryptionContext: context }));
  const generateDataKey = each(plaintexts, () => kms("GenerateDataKey", { KeyId: symmetric, KeySpec: "AES_256", EncryptionContext: context }));
  const decryptDataKey = each(dataKeys, (c) => kms("Decrypt", { CiphertextBlob: c, EncryptionContext: context }));
  const sign = (keyId: string, algorithm: string) => each(messages, (m) => kms("Sign", { KeyId: keyId, Message: b64(m), MessageType: "RAW", SigningAlgorithm: algorithm }));
  const verify = (keyId: string, algorithm: string, sigs: readonly string[]) =>
    each(sigs, (s, i) => kms("Verify", { KeyId: keyId, Message: b64(messages[i]!), MessageType: "RAW", SigningAlgorithm: algorithm, Signature: s }));
  const management = [
    kms("DescribeKey", { KeyId: symmetric }),
    kms("ListAliases", {}),
    kms("GetKeyRotationStatus", { KeyId: symmetric }),
    kms("ListResourceTags", { KeyId: symmetric }),
    kms("GetKeyPolicy", { KeyId: symmetric, PolicyName: "default" }),
  ];
  // 70% GenerateDataKey/Decrypt, 20% Encrypt, 10% management, interleaved as a busy client mixes them.
  const mixed: Call[] = [];
  for (let i = 0; i < 100; i++) {
    const slot = i % 10;
    if (slot < 7) mixed.push(slot % 2 === 0 ? generateDataKey[i % VARIANTS]! : decryptDataKey[i % VARIANTS]!);
    else if (slot < 9) mixed.push(encrypt[i % VARIANTS]!);
    else mixed.push(management[(i / 10) % management.length | 0]!);
  }
  const http = (ratio: number) => ({ against: "http" as const, ratio });
  return [
    { name: "Encrypt 1 KiB + context", calls: encrypt, primitive: "aes-gcm-seal-1k", target: http(0.4), halfLoadLatency: true },
    { name: "Decrypt 1 KiB + context", calls: decrypt, primitive: "aes-gcm-open-1k", target: http(0.4), halfLoadLatency: true },
    { name: "GenerateDataKey AES_256", calls: generateDataKey, primitive: "data-key", target: http(0.4), halfLoadLatency: true },
    { name: "ReEncrypt", calls: each(ciphertexts, (c) => kms("ReEncrypt", { CiphertextBlob: c, SourceEncryptionContext: context, DestinationKeyId: reEncryptTarget })), primitive: "aes-gcm-open-1k" },
    { name: "Sign ECC_NIST_P256", calls: sign(p256, "ECDSA_SHA_256"), primitive: "ecdsa-p256-sign", target: http(0.4) },
    { name: "Verify ECC_NIST_P256", calls: verify(p256, "ECDSA_SHA_256", p256Signatures), primitive: "ecdsa-p256-verify" },
    { name: "Sign RSA_2048 (PSS)", calls: sign(rsa, "RSASSA_PSS_SHA_256"), primitive: "rsa2048-pss-sign", target: { against: "crypto", ratio: 0.8 } },
    { name: "Verify RSA_2048 (PSS)", calls: verify(rsa, "RSASSA_PSS_SHA_256", rsaSignatures), primitive: "rsa2048-pss-verify" },
    { name: "GenerateMac HMAC_256", calls: each(plaintexts, (p) => kms("GenerateMac", { KeyId: hmac, Message: b64(p), MacAlgorithm: "HMAC_SHA_256" })), primitive: "hmac-sha256-1k" },
    { name: "GetPublicKey", calls: [kms("GetPublicKey", { KeyId: p256 })] },
    { name: "DescribeKey", calls: [kms("DescribeKey", { KeyId: symmetric })] },
    { name: "Mixed 70/20/10", calls: mixed },
    { name: "GetSecretValue 1 KiB (aws/secretsmanager)", calls: each(secretIds.managed, (id) => secretsManager("GetSecretValue", { SecretId: id })) },
    { name: "GetSecretValue 1 KiB (customer key)", calls: each(secretIds.customer, (id) => secretsManager("GetSecretValue", { SecretId: id })) },
  ];
}
