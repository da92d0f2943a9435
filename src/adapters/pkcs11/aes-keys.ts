import pkcs11js from "pkcs11js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { HsmError, type TokenKeyName, type TokenSealed } from "../../ports/hsm.js";
import { pkcs11CodeOf } from "./errors.js";
import type { Pkcs11Module } from "./library.js";

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

/**
 * The attributes of every key object Strongbox makes: a persistent (CKA_TOKEN) private AES-256
 * key that may encrypt and decrypt, never be read (CKA_SENSITIVE) nor wrapped out
 * (CKA_EXTRACTABLE false), and cannot wrap or unwrap other keys.
 */
function aesKeyTemplate(name: TokenKeyName): pkcs11js.Template {
  return [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    { type: pkcs11js.CKA_MODIFIABLE, value: false },
    { type: pkcs11js.CKA_ENCRYPT, value: true },
    { type: pkcs11js.CKA_DECRYPT, value: true },
    { type: pkcs11js.CKA_WRAP, value: false },
    { type: pkcs11js.CKA_UNWRAP, value: false },
    { type: pkcs11js.CKA_LABEL, value: name.label },
    { type: pkcs11js.CKA_ID, value: name.id },
  ];
}

/** Handles of the AES key objects carrying both our label and id. */
export function findAesKeys(module: Pkcs11Module, session: Buffer, name: TokenKeyName): Buffer[] {
  module.C_FindObjectsInit(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
    { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
    { type: pkcs11js.CKA_LABEL, value: name.label },
    { type: pkcs11js.CKA_ID, value: name.id },
  ]);
  try {
    return module.C_FindObjects(session, 16);
  } finally {
    module.C_FindObjectsFinal(session);
  }
}

/** The one key object named `name`; KEY_NOT_FOUND if there is none. */
export function findAesKey(module: Pkcs11Module, session: Buffer, name: TokenKeyName): Buffer {
  const [handle] = findAesKeys(module, session, name);
  if (handle === undefined) throw new HsmError("KEY_NOT_FOUND", `the token holds no key object labelled '${name.label}'`);
  return handle;
}

export function generateAesKey(module: Pkcs11Module, session: Buffer, name: TokenKeyName): Buffer {
  if (findAesKeys(module, session, name).length > 0) throw new HsmError("KEY_EXISTS", `the token already holds a key object labelled '${name.label}'`);
  return module.C_GenerateKey(session, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, aesKeyTemplate(name));
}

function gcmMechanism(iv: Buffer, aad: Buffer): pkcs11js.Mechanism {
  if (iv.length !== GCM_IV_BYTES) throw new HsmError("INTERNAL_ERROR", `AES-GCM in the token takes a ${GCM_IV_BYTES}-byte IV`);
  const parameter: pkcs11js.AesGCM = { type: pkcs11js.CK_PARAMS_AES_GCM, iv, aad, ivBits: GCM_IV_BYTES * 8, tagBits: GCM_TAG_BYTES * 8 };
  return { mechanism: pkcs11js.CKM_AES_GCM, parameter };
}

/** AES-256-GCM inside the token; the token appends the tag, which is split off here. */
export function gcmEncrypt(module: Pkcs11Module, session: Buffer, key: Buffer, iv: Buffer, plaintext: SecretBytes, aad: Buffer): TokenSealed {
  module.C_EncryptInit(session, gcmMechanism(iv, aad), key);
  const out = Buffer.alloc(plaintext.length + GCM_TAG_BYTES);
  const sealed = plaintext.use((pt) => module.C_Encrypt(session, pt, out));
  if (sealed.length !== plaintext.length + GCM_TAG_BYTES) throw new HsmError("INTERNAL_ERROR", "the token's AES-GCM output has an unexpected length");
  return { ciphertext: Buffer.from(sealed.subarray(0, plaintext.length)), tag: Buffer.from(sealed.subarray(plaintext.length)) };
}

/**
 * AES-256-GCM decryption inside the token. A tag that does not verify is undefined: SoftHSM2
 * answers CKR_GENERAL_ERROR for it (not CKR_ENCRYPTED_DATA_INVALID as the standard suggests), so
 * those return values mean "does not authenticate", and every other one is a real failure.
 */
export function gcmDecrypt(module: Pkcs11Module, session: Buffer, key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): SecretBytes | undefined {
  module.C_DecryptInit(session, gcmMechanism(iv, aad), key);
  const input = Buffer.concat([ciphertext, tag]);
  const out = Buffer.alloc(input.length);
  try {
    const plaintext = module.C_Decrypt(session, input, out);
    const result = SecretBytes.copyOf(plaintext);
    out.fill(0);
    return result;
  } catch (error) {
    out.fill(0);
    const code = pkcs11CodeOf(error);
    if (code === "CKR_GENERAL_ERROR" || code === "CKR_ENCRYPTED_DATA_INVALID" || code === "CKR_ENCRYPTED_DATA_LEN_RANGE" || code === "CKR_AEAD_DECRYPT_FAILED") return undefined;
    throw error;
  }
}

export function destroyAesKey(module: Pkcs11Module, session: Buffer, name: TokenKeyName): boolean {
  const handles = findAesKeys(module, session, name);
  for (const handle of handles) module.C_DestroyObject(session, handle);
  return handles.length > 0;
}
