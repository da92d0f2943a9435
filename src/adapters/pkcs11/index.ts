/** The PKCS#11 adapter: the only place that loads pkcs11js. */
export { Pkcs11Libraries } from "./library.js";
export { pkcs11Connector } from "./token.js";
export { createHsmRootKey, DEFAULT_ROOT_KEY_LABEL, hsmRootKeyProvider, readPinFile, removeHsmRootKey, type HsmRootKeyConfig } from "./root-key.js";
export { HsmError, type HsmErrorCode } from "../../ports/hsm.js";
