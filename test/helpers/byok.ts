import assert from "node:assert/strict";
import { constants, createCipheriv, createDecipheriv, createPublicKey, publicEncrypt, randomBytes } from "node:crypto";
import {
  CreateKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type AlgorithmSpec,
  type ExpirationModelType,
  type KeySpec,
  type KeyUsageType,
  type KMSClient,
  type WrappingKeySpec,
} from "@aws-sdk/client-kms";
import type { OpensslScratch } from "./openssl.js";

/**
 * Wrapping key material for ImportKeyMaterial, independently of Strongbox: with node:crypto, and
 * with the openssl command line exactly as the AWS KMS developer guide shows it ("Encrypt the key
 * material": pkeyutl for RSAES_OAEP, enc -id-aes256-wrap-pad then pkeyutl for RSA_AES_KEY_WRAP).
 */
export type Wrapper = (publicKey: Uint8Array, algorithm: AlgorithmSpec, material: Buffer) => Buffer;

const oaepHash = (algorithm: AlgorithmSpec) => (algorithm.endsWith("SHA_1") ? "sha1" : "sha256");

export const nodeWrap: Wrapper = (publicKey, algorithm, material) => {
  const rsa = (data: Buffer) =>
    publicEncrypt({ key: createPublicKey({ key: Buffer.from(publicKey), format: "der", type: "spki" }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: oaepHash(algorithm) }, data);
  if (algorithm === "RSAES_OAEP_SHA_1" || algorithm === "RSAES_OAEP_SHA_256") return rsa(material);
  const aesKey = randomBytes(32);
  const cipher = createCipheriv("id-aes256-wrap-pad", aesKey, Buffer.from("A65959A6", "hex"));
  return Buffer.concat([rsa(aesKey), cipher.update(material), cipher.final()]);
};

export function opensslWrap(scratch: OpensslScratch): Wrapper {
  return (publicKey, algorithm, material) => {
    const md = oaepHash(algorithm);
    const oaep = ["-keyform", "DER", "-pubin", "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", `rsa_oaep_md:${md}`, "-pkeyopt", `rsa_mgf1_md:${md}`];
    const files = { "WrappingPublicKey.bin": Buffer.from(publicKey), "PlaintextKeyMaterial.bin": material };
    if (algorithm === "RSAES_OAEP_SHA_1" || algorithm === "RSAES_OAEP_SHA_256") {
      assert.ok(scratch.run(["pkeyutl", "-encrypt", "-in", "PlaintextKeyMaterial.bin", "-out", "EncryptedKeyMaterial.bin", "-inkey", "WrappingPublicKey.bin", ...oaep], files));
      return scratch.read("EncryptedKeyMaterial.bin");
    }
    assert.ok(scratch.run(["rand", "-out", "aes-key.bin", "32"], files));
    const aesHex = scratch.read("aes-key.bin").toString("hex");
    assert.ok(scratch.run(["enc", "-id-aes256-wrap-pad", "-K", aesHex, "-iv", "A65959A6", "-in", "PlaintextKeyMaterial.bin", "-out", "key-material-wrapped.bin"]));
    assert.ok(scratch.run(["pkeyutl", "-encrypt", "-in", "aes-key.bin", "-out", "aes-key-wrapped.bin", "-inkey", "WrappingPublicKey.bin", ...oaep]));
    return Buffer.concat([scratch.read("aes-key-wrapped.bin"), scratch.read("key-material-wrapped.bin")]);
  };
}

export async function createExternalKey(kms: KMSClient, KeySpec: KeySpec = "SYMMETRIC_DEFAULT", KeyUsage?: KeyUsageType): Promise<string> {
  const created = await kms.send(new CreateKeyCommand({ Origin: "EXTERNAL", KeySpec, ...(KeyUsage ? { KeyUsage } : {}) }));
  return created.KeyMetadata!.Arn!;
}

/** GetParametersForImport, wrap, ImportKeyMaterial: the whole import of `material` into `keyId`. */
export async function importMaterial(
  kms: KMSClient,
  keyId: string,
  material: Buffer,
  options: { algorithm?: AlgorithmSpec; spec?: WrappingKeySpec; wrap?: Wrapper; expirationModel?: ExpirationModelType; validTo?: Date } = {},
): Promise<string> {
  const algorithm = options.algorithm ?? "RSAES_OAEP_SHA_256";
  const params = await kms.send(new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: options.spec ?? "RSA_2048" }));
  const encrypted = (options.wrap ?? nodeWrap)(params.PublicKey!, algorithm, material);
  const expirationModel = options.expirationModel ?? (options.validTo ? "KEY_MATERIAL_EXPIRES" : "KEY_MATERIAL_DOES_NOT_EXPIRE");
  const answer = await kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: params.ImportToken,
      EncryptedKeyMaterial: encrypted,
      ExpirationModel: expirationModel,
      ...(options.validTo ? { ValidTo: options.validTo } : {}),
    }),
  );
  assert.equal(answer.KeyId, keyId);
  return answer.KeyMaterialId!;
}

/**
 * Decrypts a symmetric ciphertext blob with the raw key alone, by the layout of docs/formats.md
 * (format 1, empty encryption context): proof that the imported bytes are the key KMS used.
 */
export function decryptBlobIndependently(blob: Uint8Array, key: Buffer): { plaintext: Buffer; keyMaterialId: string } {
  const bytes = Buffer.from(blob);
  assert.equal(bytes[0], 0x01);
  const header = bytes.subarray(0, 74);
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(62, 74));
  decipher.setAAD(Buffer.concat([header, Buffer.from([0, 0])]));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  const plaintext = Buffer.concat([decipher.update(bytes.subarray(74, bytes.length - 16)), decipher.final()]);
  return { plaintext, keyMaterialId: bytes.subarray(30, 62).toString("hex") };
}
