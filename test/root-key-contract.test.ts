import { after } from "node:test";
import { createHsmRootKey, hsmRootKeyProvider, Pkcs11Libraries, pkcs11Connector } from "../src/adapters/pkcs11/index.js";
import { softwareRootKey } from "../src/adapters/seal/software-root-key.js";
import { secureRandomBytes } from "../src/core/crypto/random.js";
import { SecretBytes } from "../src/core/secret-bytes.js";
import { describeRootKeyContract } from "./contract/root-key.contract.js";
import { createSoftHsm } from "./helpers/softhsm.js";

describeRootKeyContract(
  "software (dev file, passphrase)",
  () => softwareRootKey("dev", SecretBytes.adopt(secureRandomBytes(32))),
  () => softwareRootKey("dev", SecretBytes.adopt(secureRandomBytes(32))),
);

const hsm = createSoftHsm({ tokenLabel: "contract" });
hsm.addToken("contract-other", "other-pin-1234");
const connector = pkcs11Connector(new Pkcs11Libraries());
after(() => {
  connector.close();
  hsm.cleanup();
});
const config = { library: hsm.library, tokenLabel: hsm.tokenLabel, pin: SecretBytes.fromUtf8(hsm.pin) };
createHsmRootKey(connector, config).close();
// The same label in another token: a different key that must not open the first one's boxes.
createHsmRootKey(connector, { library: hsm.library, tokenLabel: "contract-other", pin: SecretBytes.fromUtf8("other-pin-1234") }).close();
describeRootKeyContract(
  "PKCS#11 (SoftHSM2)",
  () => hsmRootKeyProvider(connector, config),
  () => hsmRootKeyProvider(connector, { library: hsm.library, tokenLabel: "contract-other", pin: SecretBytes.fromUtf8("other-pin-1234") }),
);
