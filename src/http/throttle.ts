import { ServiceError } from "../core/errors.js";

/**
 * Request rates per account, as AWS's KMS quotas split them: the cryptographic operations share
 * one rate, every other operation of a service shares another (per service). Token buckets that
 * hold one second of the rate (so bursts up to the rate pass) and refill continuously. Per
 * process: with N workers the account's rate is N times this (docs/security.md).
 */
export interface ThrottleRates {
  readonly cryptographicPerSecond: number;
  readonly managementPerSecond: number;
}

/** AWS KMS's "cryptographic operations" quota covers these. */
const KMS_CRYPTOGRAPHIC: ReadonlySet<string> = new Set([
  "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext",
  "GenerateRandom", "GenerateMac", "VerifyMac", "Sign", "Verify", "DeriveSharedSecret", "Encapsulate", "Decapsulate",
]);

interface Bucket {
  tokens: number;
  at: number;
}

/** Throws ThrottlingException when the account has used its rate for this kind of call. */
export type Throttle = (accountId: string, service: string, operation: string) => void;

/** Told of each refused call, by its family only (metrics name no account). */
export type OnThrottled = (service: string, family: "cryptographic" | "management") => void;

export function makeThrottle(rates: ThrottleRates, now: () => number, onThrottled?: OnThrottled): Throttle {
  const buckets = new Map<string, Bucket>();
  return (accountId, service, operation) => {
    const cryptographic = service === "kms" && KMS_CRYPTOGRAPHIC.has(operation);
    const rate = cryptographic ? rates.cryptographicPerSecond : rates.managementPerSecond;
    const key = `${accountId}|${service}|${cryptographic ? "cryptographic" : "management"}`;
    const t = now();
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, (bucket = { tokens: rate, at: t }));
    bucket.tokens = Math.min(rate, bucket.tokens + ((t - bucket.at) / 1000) * rate);
    bucket.at = t;
    if (bucket.tokens < 1) {
      onThrottled?.(service, cryptographic ? "cryptographic" : "management");
      throw new ServiceError("ThrottlingException", "Rate exceeded");
    }
    bucket.tokens -= 1;
  };
}
