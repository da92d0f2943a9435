import { X509Certificate } from "node:crypto";

/**
 * Whether `pem` is one PEM-encoded X.509 certificate that parses. Used for CloudHSM key stores'
 * TrustAnchorCertificate, which Strongbox stores and shows but does not chain to (the token is
 * reached through its PKCS#11 module, not over TLS).
 */
export function isPemCertificate(pem: string): boolean {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----/g);
  if (blocks === null || blocks.length !== 1) return false;
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
