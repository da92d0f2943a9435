/**
 * Typed readings of condition values, shared by the policy side (validated when the policy is
 * parsed) and the request side (an unreadable request value simply does not match).
 */

/** A decimal number kept exact: IAM's Numeric operators take "an integer or decimal value". */
export interface Decimal {
  readonly negative: boolean;
  readonly int: string; // no leading zeros ("" for zero)
  readonly frac: string; // no trailing zeros
}

const DECIMAL = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))$/;

export function parseDecimal(s: string): Decimal | undefined {
  const m = DECIMAL.exec(s);
  if (!m) return undefined;
  const int = (m[2] ?? "").replace(/^0+/, "");
  const frac = (m[3] ?? m[4] ?? "").replace(/0+$/, "");
  // -0 is 0.
  return { negative: m[1] === "-" && (int !== "" || frac !== ""), int, frac };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const sign = a.negative ? -1 : 1;
  if (a.int.length !== b.int.length) return sign * (a.int.length - b.int.length);
  if (a.int !== b.int) return sign * (a.int < b.int ? -1 : 1);
  const width = Math.max(a.frac.length, b.frac.length);
  const fa = a.frac.padEnd(width, "0");
  const fb = b.frac.padEnd(width, "0");
  return fa === fb ? 0 : sign * (fa < fb ? -1 : 1);
}

// W3C profile of ISO 8601 (what the IAM guide cites): YYYY-MM, YYYY-MM-DD, then hh:mm,
// hh:mm:ss or hh:mm:ss.s with a zone designator. A missing zone is read as UTC.
const ISO_DATE = /^(\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?$/;
const EPOCH = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds since the epoch. All-digit values are epoch seconds (aws:EpochTime); AWS does not
 * say how it tells a bare year ("2020") from epoch seconds, so the bare-year form is not accepted.
 */
export function parseDate(s: string): number | undefined {
  if (EPOCH.test(s)) {
    const ms = Math.floor(Number(s) * 1000);
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  const m = ISO_DATE.exec(s);
  if (!m) return undefined;
  const [year, month, day = 1, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const millis = m[7] === undefined ? 0 : Number(`0.${m[7]}`) * 1000;
  if (month! < 1 || month! > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = Date.UTC(year!, month! - 1, day, hour, minute, second);
  if (new Date(utc).getUTCDate() !== day) return undefined; // 2023-02-30
  let offset = 0;
  const zone = m[8];
  if (zone !== undefined && zone !== "Z") {
    const hh = Number(zone.slice(1, 3));
    const mm = Number(zone.slice(4, 6));
    if (hh > 23 || mm > 59) return undefined;
    offset = (zone[0] === "-" ? -1 : 1) * (hh * 60 + mm) * 60_000;
  }
  return utc - offset + Math.floor(millis);
}

/** "true" or "false", in any case (policies written by hand say "True" too). */
export function parseBool(s: string): boolean | undefined {
  const lower = s.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (Buffer.from alone skips invalid characters silently). */
export function parseBase64(s: string): Uint8Array | undefined {
  if (!BASE64.test(s)) return undefined;
  return Uint8Array.from(Buffer.from(s, "base64"));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
