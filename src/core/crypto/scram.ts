import { createHash, createHmac, pbkdf2Sync } from "node:crypto";

/** PostgreSQL's default scram_iterations. */
export const SCRAM_ITERATIONS = 4096;

/**
 * A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802/7677, the form pg_authid stores and
 * psql's \password sends): `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`.
 * Sending the verifier instead of the password in ALTER ROLE keeps the password itself out of the
 * server's statement log. The caller supplies the salt (16 random bytes) and passes only
 * printable-ASCII passwords, for which SASLprep changes nothing.
 */
export function scramSha256Verifier(password: string, salt: Uint8Array, iterations = SCRAM_ITERATIONS): string {
  if (!/^[\x20-\x7e]*$/.test(password)) throw new Error("scramSha256Verifier: only printable-ASCII passwords (no SASLprep here)");
  const salted = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  try {
    const clientKey = createHmac("sha256", salted).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const serverKey = createHmac("sha256", salted).update("Server Key").digest();
    clientKey.fill(0);
    return `SCRAM-SHA-256$${iterations}:${Buffer.from(salt).toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
  } finally {
    salted.fill(0);
  }
}
