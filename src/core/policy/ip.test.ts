import assert from "node:assert/strict";
import { test } from "node:test";
import { cidrContains, parseCidr, parseIp } from "./ip.js";

const inRange = (cidr: string, ip: string): boolean => cidrContains(parseCidr(cidr)!, parseIp(ip)!);

test("IPv4 ranges", () => {
  assert.equal(inRange("203.0.113.0/24", "203.0.113.77"), true);
  assert.equal(inRange("203.0.113.0/24", "203.0.114.1"), false);
  assert.equal(inRange("203.0.113.5", "203.0.113.5"), true, "no prefix means /32");
  assert.equal(inRange("203.0.113.5", "203.0.113.6"), false);
  assert.equal(inRange("0.0.0.0/0", "8.8.8.8"), true);
  assert.equal(inRange("10.1.2.3/8", "10.200.0.1"), true, "host bits are masked off");
});

test("an IPv4-mapped IPv6 peer address is its IPv4 address", () => {
  assert.equal(inRange("127.0.0.0/8", "::ffff:127.0.0.1"), true);
  assert.equal(inRange("127.0.0.0/8", "::FFFF:7f00:1"), true);
  assert.equal(inRange("::ffff:10.0.0.0/104", "10.9.9.9"), true);
  assert.equal(inRange("::ffff:10.0.0.0/104", "11.0.0.1"), false);
});

test("IPv6 ranges, and families never mix", () => {
  assert.equal(inRange("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:abcd::1"), true);
  assert.equal(inRange("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1"), false);
  assert.equal(inRange("::1", "::1"), true);
  assert.equal(inRange("fe80::/10", "fe80::1%eth0"), true);
  assert.equal(inRange("::/0", "127.0.0.1"), false);
  assert.equal(inRange("0.0.0.0/0", "::1"), false);
});

test("malformed addresses and ranges are refused", () => {
  for (const bad of ["256.0.0.1", "1.2.3", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "::g", "", "1.2.3.4/33", "::/129", "1.2.3.4/", "1.2.3.4/a"]) {
    assert.equal(parseCidr(bad), undefined, bad);
  }
  for (const bad of ["localhost", "1.2.3.4/32", "::ffff:300.1.1.1"]) assert.equal(parseIp(bad), undefined, bad);
  assert.deepEqual(parseIp("1:2:3:4:5:6:7:8"), { family: 6, value: 0x00010002000300040005000600070008n });
});
