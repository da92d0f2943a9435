import { ServiceError } from "../../core/errors.js";
import { isPemCertificate } from "../../core/crypto/x509.js";
import { customKeyStoreIdFromRandom, fails, type CustomKeyStore } from "../../core/kms/custom-key-store.js";
import { authorizeAccountAction } from "./account-actions.js";
import { refuseExternalKeyStore, requireClusterFree, requireNameFree } from "./custom-key-store-rules.js";
import type { KmsDeps } from "./deps.js";
import type { KmsHandler } from "./handler.js";

const required = (member: string) => new ServiceError("ValidationException", `${member} is required to create a custom key store of type AWS_CLOUDHSM.`);

/**
 * A CloudHSM key store over the PKCS#11 token its cluster id maps to. The password (the token
 * user's PIN) is stored only sealed under the barrier. New stores are DISCONNECTED.
 */
export function makeCreateCustomKeyStore(deps: Pick<KmsDeps, "customKeyStores" | "keyStores" | "authorize" | "randomBytes">): KmsHandler<"CreateCustomKeyStore"> {
  return async (input, ctx) => {
    refuseExternalKeyStore(input);
    if (input.CloudHsmClusterId === undefined) throw required("CloudHsmClusterId");
    if (input.TrustAnchorCertificate === undefined) throw required("TrustAnchorCertificate");
    if (input.KeyStorePassword === undefined) throw required("KeyStorePassword");
    await authorizeAccountAction(deps, ctx, "kms:CreateCustomKeyStore");
    if (!isPemCertificate(input.TrustAnchorCertificate)) {
      throw new ServiceError("IncorrectTrustAnchorException", "The TrustAnchorCertificate is not a PEM-encoded X.509 certificate.");
    }
    await requireNameFree(deps, ctx, input.CustomKeyStoreName);
    const token = deps.keyStores.describeCluster(input.CloudHsmClusterId);
    await requireClusterFree(deps, ctx.caller.accountId, input.CloudHsmClusterId, token.serialNumber);
    const locator = { accountId: ctx.caller.accountId, region: ctx.region, id: customKeyStoreIdFromRandom(deps.randomBytes(9)) };
    const store: CustomKeyStore = {
      ...locator,
      name: input.CustomKeyStoreName,
      clusterId: input.CloudHsmClusterId,
      trustAnchorCertificate: input.TrustAnchorCertificate,
      sealedPassword: deps.keyStores.sealPassword(locator, input.KeyStorePassword),
      tokenSerial: token.serialNumber,
      createdAt: ctx.now,
      connectRequested: false,
      revision: 1,
    };
    if (!(await deps.customKeyStores.create(store))) {
      // Lost a race with another CreateCustomKeyStore: say which rule it broke.
      await requireNameFree(deps, ctx, input.CustomKeyStoreName);
      throw fails.clusterInUse(input.CloudHsmClusterId);
    }
    return { CustomKeyStoreId: store.id };
  };
}
