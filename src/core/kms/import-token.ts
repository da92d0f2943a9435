import type { WrappingAlgorithm, WrappingKeySpec } from "../crypto/import-wrapping.js";
import { SecretBytes } from "../secret-bytes.js";
import type { KeyLocator } from "./kms-key.js";

/**
 * What an import token carries (format 1, docs/byok.md). The token GetParametersForImport returns
 * is this payload sealed under the barrier with importTokenIdentity(key) as its identity: opaque,
 * stateless (nothing is stored), and it opens only for the key it was issued for.
 *
 *   offset  size  field
 *   0       1     format version, 0x01
 *   1       1     wrapping algorithm (index in WRAPPING_ALGORITHMS)
 *   2       1     wrapping key spec (index in WRAPPING_KEY_SPECS)
 *   3       8     ParametersValidTo, epoch milliseconds, big-endian
 *   11      2     length of the key ARN, big-endian
 *   13      n     key ARN, UTF-8
 *   13+n    rest  the wrapping private key, PKCS#8 DER
 */
export const WRAPPING_ALGORITHMS: readonly WrappingAlgorithm[] = ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256"];
export const WRAPPING_KEY_SPECS: readonly WrappingKeySpec[] = ["RSA_2048", "RSA_3072", "RSA_4096"];

/** AWS: "Each public key and import token set is valid for 24 hours." */
export const IMPORT_PARAMETERS_VALID_MS = 24 * 60 * 60 * 1000;

const FORMAT_V1 = 0x01;
const FIXED_BYTES = 13;

export interface ImportTokenContent {
  readonly keyArn: string;
  readonly wrappingAlgorithm: WrappingAlgorithm;
  readonly wrappingKeySpec: WrappingKeySpec;
  readonly validTo: Date;
  /** The wrapping private key; the owner of the content disposes it. */
  readonly wrappingPrivateKey: SecretBytes;
}

/** The identity (sealed-box AAD) an import token is bound to: it names the key. */
export function importTokenIdentity(locator: KeyLocator): string {
  return `kms/import-token/${locator.accountId}/${locator.region}/${locator.keyId}`;
}

/** The payload to seal. It holds the wrapping private key: the caller disposes it once sealed. */
export function encodeImportToken(content: ImportTokenContent): SecretBytes {
  const arn = Buffer.from(content.keyArn, "utf8");
  const keyLength = content.wrappingPrivateKey.length;
  const out = Buffer.alloc(FIXED_BYTES + arn.length + keyLength);
  out[0] = FORMAT_V1;
  out[1] = WRAPPING_ALGORITHMS.indexOf(content.wrappingAlgorithm);
  out[2] = WRAPPING_KEY_SPECS.indexOf(content.wrappingKeySpec);
  out.writeBigUInt64BE(BigInt(content.validTo.getTime()), 3);
  out.writeUInt16BE(arn.length, 11);
  arn.copy(out, FIXED_BYTES);
  content.wrappingPrivateKey.use((key) => key.copy(out, FIXED_BYTES + arn.length));
  return SecretBytes.adopt(out);
}

/** The content of an opened token, or undefined if the payload is not a version 1 token. */
export function decodeImportToken(payload: SecretBytes): ImportTokenContent | undefined {
  return payload.use((bytes) => {
    if (bytes.length < FIXED_BYTES || bytes[0] !== FORMAT_V1) return undefined;
    const wrappingAlgorithm = WRAPPING_ALGORITHMS[bytes[1]!];
    const wrappingKeySpec = WRAPPING_KEY_SPECS[bytes[2]!];
    const arnLength = bytes.readUInt16BE(11);
    if (wrappingAlgorithm === undefined || wrappingKeySpec === undefined || FIXED_BYTES + arnLength >= bytes.length) return undefined;
    return {
      keyArn: bytes.subarray(FIXED_BYTES, FIXED_BYTES + arnLength).toString("utf8"),
      wrappingAlgorithm,
      wrappingKeySpec,
      validTo: new Date(Number(bytes.readBigUInt64BE(3))),
      wrappingPrivateKey: SecretBytes.copyOf(bytes.subarray(FIXED_BYTES + arnLength)),
    };
  });
}
