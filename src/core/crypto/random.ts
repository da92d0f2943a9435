import { randomBytes, randomUUID } from "node:crypto";

/** Random bytes from the operating system's CSPRNG; the production `Random` source. */
export function secureRandomBytes(length: number): Buffer {
  return randomBytes(length);
}

/** A random (version 4) UUID, for request ids. */
export function randomRequestId(): string {
  return randomUUID();
}
