/**
 * IPv4 and IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress operators. An IPv4
 * address written as IPv4-mapped IPv6 (::ffff:127.0.0.1, what Node reports for an IPv4 peer on a
 * dual-stack socket) is read as the IPv4 address. IPv4 ranges never match IPv6 addresses and
 * IPv6 ranges never match IPv4 ones: "::/0" does not admit every IPv4 client.
 */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}
export interface CidrRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const MAPPED_PREFIX = 0xffffn << 32n;

function parseV4(s: string): bigint | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = m[i]!;
    if (octet.length > 1 && octet.startsWith("0")) return undefined; // 010 is ambiguous (octal?)
    const n = Number(octet);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseV6(s: string): bigint | undefined {
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".", lastColon)) {
    tail4 = parseV4(text.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string): string[] => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  let v = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4;
  return v;
}

export function parseIp(s: string): IpAddress | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const zone = s.indexOf("%"); // fe80::1%eth0: the zone does not change which address it is
  const v6 = parseV6(zone >= 0 ? s.slice(0, zone) : s);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
  return { family: 6, value: v6 };
}

/** "a.b.c.d/n" or "x::y/n"; an address alone is a /32 or /128 (IAM: "the default prefix value of /32"). */
export function parseCidr(s: string): CidrRange | undefined {
  const slash = s.indexOf("/");
  const addrText = slash < 0 ? s : s.slice(0, slash);
  if (addrText.includes("%")) return undefined;
  const v4 = parseV4(addrText);
  const v6 = v4 === undefined ? parseV6(addrText) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  const width = v4 !== undefined ? 32 : 128;
  let prefix = width;
  if (slash >= 0) {
    const p = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p) || Number(p) > width) return undefined;
    prefix = Number(p);
  }
  if (v4 !== undefined) return { family: 4, network: mask(v4, 32, prefix), prefix };
  // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  if (prefix >= 96 && v6! >> 32n === MAPPED_PREFIX >> 32n) return { family: 4, network: mask(v6! & 0xffffffffn, 32, prefix - 96), prefix: prefix - 96 };
  return { family: 6, network: mask(v6!, 128, prefix), prefix };
}

function mask(v: bigint, width: number, prefix: number): bigint {
  const hostBits = BigInt(width - prefix);
  return (v >> hostBits) << hostBits;
}

export function cidrContains(range: CidrRange, ip: IpAddress): boolean {
  if (range.family !== ip.family) return false;
  return mask(ip.value, range.family === 4 ? 32 : 128, range.prefix) === range.network;
}
