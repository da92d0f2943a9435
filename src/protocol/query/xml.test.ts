import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../../core/secret-bytes.js";
import { element, escapeXml, queryErrorResponse, queryResponse, xmlContent } from "./xml.js";

test("escaping: markup characters, CR as a reference, and characters XML cannot carry replaced", () => {
  assert.equal(escapeXml(`<a href="x">Tom & 'Jerry'</a>`), "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
  assert.equal(escapeXml("line\r\nnext\ttab"), "line&#13;\nnext\ttab");
  assert.equal(escapeXml("nul\u0000 bell\u0007 lone\uD800 ok\u{1F600}"), "nul\uFFFD bell\uFFFD lone\uFFFD ok\u{1F600}");
  assert.equal(escapeXml("\uFFFE\uFFFF"), "\uFFFD\uFFFD");
});

test("element names come from code: anything else is a bug, not input", () => {
  assert.throws(() => element("a b", ""), /not an XML element name/);
  assert.throws(() => element("x><script", ""), /not an XML element name/);
  assert.throws(() => queryResponse("Bad>Action", "ns", {}, "id"), /not an action name/);
});

test("values: structures nest, lists are members, timestamps ISO 8601 without fractions, undefined left out", () => {
  const xml = xmlContent({
    User: { UserName: "a&b", CreateDate: new Date("2024-05-01T12:34:56.789Z"), Tags: [{ Key: "k", Value: "" }], Missing: undefined },
    IsTruncated: false,
    Count: 3,
    Users: [],
  });
  assert.equal(
    xml,
    "<User><UserName>a&amp;b</UserName><CreateDate>2024-05-01T12:34:56Z</CreateDate><Tags><member><Key>k</Key><Value></Value></member></Tags></User>" +
      "<IsTruncated>false</IsTruncated><Count>3</Count><Users></Users>",
  );
  assert.equal(xmlContent(SecretBytes.fromUtf8("s3cr<t")), "s3cr&lt;t");
  assert.throws(() => xmlContent(null), /cannot write null/);
  assert.throws(() => xmlContent(Number.NaN), /non-finite/);
});

test("the response envelope: Result only when there is output, and the request id", () => {
  assert.equal(
    queryResponse("GetCallerIdentity", "https://sts.amazonaws.com/doc/2011-06-15/", { Account: "111122223333" }, "req-1"),
    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>111122223333</Account></GetCallerIdentityResult>' +
      "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
  );
  assert.equal(
    queryResponse("DeleteUser", "https://iam.amazonaws.com/doc/2010-05-08/", {}, "req-2"),
    '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DeleteUserResponse>',
  );
});

test("the error envelope", () => {
  assert.equal(
    queryErrorResponse("https://iam.amazonaws.com/doc/2010-05-08/", { type: "Sender", code: "NoSuchEntity", message: "The user with name <x> cannot be found." }, "req-3"),
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
      "<Message>The user with name &lt;x&gt; cannot be found.</Message></Error><RequestId>req-3</RequestId></ErrorResponse>",
  );
});
