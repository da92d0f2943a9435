/**
 * What one connection or request may take of the server. The defaults are safe for AWS JSON
 * traffic (requests of a few KB, SDK keep-alive); an operator may tighten or widen each with an
 * environment variable (docs/security.md lists them).
 */
export interface HttpLimits {
  /** Largest request body (AWS JSON requests are small; the largest, a 64 KB secret, fits). */
  readonly maxBodyBytes: number;
  /** Largest request head (request line and headers); more is answered 431. */
  readonly maxHeaderBytes: number;
  /** Deepest nesting of a JSON body; no AWS request nests more than a few levels. */
  readonly maxJsonDepth: number;
  /** Time to receive a request's headers (a client that sends them a byte at a time is cut off). */
  readonly headersTimeoutMs: number;
  /** Time to receive a whole request. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most, per process; more are closed as they arrive. */
  readonly maxConnections: number;
  /** Calls per second an account may make of KMS's cryptographic operations, per process (http/throttle.ts). */
  readonly cryptographicPerSecond: number;
  /** Calls per second an account may make of every other operation of a service, per process. */
  readonly managementPerSecond: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  maxJsonDepth: 32,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
  // Flood protection, well above what one process serves (about 7,000 calls a second here).
  cryptographicPerSecond: 100_000,
  managementPerSecond: 20_000,
};

const ENV_NAMES: Readonly<Record<keyof HttpLimits, string>> = {
  maxBodyBytes: "STRONGBOX_MAX_BODY_BYTES",
  maxHeaderBytes: "STRONGBOX_MAX_HEADER_BYTES",
  maxJsonDepth: "STRONGBOX_MAX_JSON_DEPTH",
  headersTimeoutMs: "STRONGBOX_HEADERS_TIMEOUT_MS",
  requestTimeoutMs: "STRONGBOX_REQUEST_TIMEOUT_MS",
  keepAliveTimeoutMs: "STRONGBOX_KEEP_ALIVE_TIMEOUT_MS",
  maxConnections: "STRONGBOX_MAX_CONNECTIONS",
  cryptographicPerSecond: "STRONGBOX_THROTTLE_CRYPTOGRAPHIC_PER_SECOND",
  managementPerSecond: "STRONGBOX_THROTTLE_MANAGEMENT_PER_SECOND",
};

/** The limits: the configuration's, else the environment's, else the defaults. A malformed value is refused, not ignored. */
export function httpLimits(env: Readonly<Record<string, string | undefined>>, configured: Partial<HttpLimits> = {}): HttpLimits {
  const limits: Record<string, number> = { ...DEFAULT_HTTP_LIMITS };
  for (const name of Object.keys(ENV_NAMES) as (keyof HttpLimits)[]) {
    const text = env[ENV_NAMES[name]];
    if (text !== undefined && text !== "") {
      if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new Error(`${ENV_NAMES[name]} must be a positive whole number, not "${text}"`);
      limits[name] = Number(text);
    }
    const value = configured[name];
    if (value !== undefined) {
      if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`the ${name} limit must be a positive whole number`);
      limits[name] = value;
    }
  }
  // Node refuses a request timeout shorter than the headers timeout.
  if (limits["headersTimeoutMs"]! > limits["requestTimeoutMs"]!) throw new Error("the headers timeout must not be longer than the request timeout");
  return limits as unknown as HttpLimits;
}
