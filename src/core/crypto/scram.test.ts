import assert from "node:assert/strict";
import { it } from "node:test";
import { scramSha256Verifier } from "./scram.js";

it("matches RFC 7677's SCRAM-SHA-256 test vector (user 'user', password 'pencil')", () => {
  // RFC 7677 §3's salt and iteration count. The keys were computed independently with Python's
  // hashlib/hmac; a real server accepting such a verifier is checked in postgres-rotator.test.ts.
  const verifier = scramSha256Verifier("pencil", Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"));
  assert.equal(verifier, "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
});

it("refuses passwords SASLprep could change", () => {
  assert.throws(() => scramSha256Verifier("pässword", Buffer.alloc(16)), /printable-ASCII/);
});
