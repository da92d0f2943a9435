import { DescribeCustomKeyStoresCommand, type CustomKeyStoresListEntry, type KMSClient } from "@aws-sdk/client-kms";
import { OpensslScratch } from "./openssl.js";

/** A self-signed CA certificate in PEM, as the TrustAnchorCertificate of a CloudHSM key store. */
export function trustAnchorPem(): string {
  const scratch = new OpensslScratch("sbx-anchor-");
  try {
    const ok = scratch.run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test cluster CA"]);
    if (!ok) throw new Error("openssl could not make a test certificate");
    return scratch.read("ca.pem").toString("utf8");
  } finally {
    scratch.remove();
  }
}

export async function describeStore(kms: KMSClient, id: string): Promise<CustomKeyStoresListEntry> {
  const answer = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }));
  const entry = answer.CustomKeyStores?.[0];
  if (entry === undefined) throw new Error(`no custom key store ${id}`);
  return entry;
}
