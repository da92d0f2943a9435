import { ENCAPSULATION_ALGORITHMS, ENCRYPTION_ALGORITHMS, KEY_AGREEMENT_ALGORITHMS, MAC_ALGORITHMS, SIGNING_ALGORITHMS } from "../crypto/keys/index.js";
import type { KmsKey } from "./kms-key.js";
import type { KeyAlgorithmsView } from "./operations.js";

/** The algorithms a key offers for its usage, as DescribeKey and GetPublicKey list them. */
export function keyAlgorithms(key: Pick<KmsKey, "keySpec" | "keyUsage">): KeyAlgorithmsView {
  switch (key.keyUsage) {
    case "ENCRYPT_DECRYPT":
      return { EncryptionAlgorithms: key.keySpec === "SYMMETRIC_DEFAULT" ? ["SYMMETRIC_DEFAULT"] : (ENCRYPTION_ALGORITHMS[key.keySpec] ?? []) };
    case "SIGN_VERIFY":
      return { SigningAlgorithms: SIGNING_ALGORITHMS[key.keySpec] ?? [] };
    case "GENERATE_VERIFY_MAC":
      return { MacAlgorithms: MAC_ALGORITHMS[key.keySpec] ?? [] };
    case "KEY_AGREEMENT":
      return { KeyAgreementAlgorithms: KEY_AGREEMENT_ALGORITHMS[key.keySpec] ?? [] };
    case "ENCAPSULATE_DECAPSULATE":
      return { EncapsulationAlgorithms: ENCAPSULATION_ALGORITHMS[key.keySpec] ?? [] };
  }
}
