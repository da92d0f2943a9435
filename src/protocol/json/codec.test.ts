import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretBytes } from "../../core/secret-bytes.js";
import { SecretText } from "../../core/secret-text.js";
import { parseJsonBody, serializeJson } from "./codec.js";

/** What serializeJson wrote before it became a conversion then a plain stringify: a replacer. */
function withReplacer(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = key === "" ? value : this[key];
    if (original instanceof SecretBytes) return original.use((bytes) => bytes.toString("base64"));
    if (original instanceof Date) return original.getTime() / 1000;
    if (Buffer.isBuffer(original)) return original.toString("base64");
    return value;
  });
}

test("serializeJson writes blobs and secrets as base64, dates as epoch seconds, and drops undefined members", () => {
  const outputs: unknown[] = [
    { CiphertextBlob: Buffer.from([1, 2, 3]), KeyId: "arn:aws:kms:us-east-1:111122223333:key/k", EncryptionAlgorithm: "SYMMETRIC_DEFAULT" },
    { Plaintext: SecretBytes.copyOf(Buffer.from("secret")), CiphertextBlob: Buffer.alloc(0), KeyId: "k" },
    { KeyMetadata: { CreationDate: new Date(1_700_000_000_123), Enabled: true, Description: "", DeletionDate: undefined, EncryptionAlgorithms: ["SYMMETRIC_DEFAULT"], MultiRegionConfiguration: { PrimaryKey: { Arn: "a", Region: "r" }, ReplicaKeys: [] } } },
    { Keys: [{ KeyId: "a", KeyArn: "b" }, { KeyId: "c", KeyArn: "d" }], Truncated: false, NextMarker: undefined },
    { List: [undefined, null, 1, "x", Buffer.from("hi"), [new Date(0)]], Nested: { Deep: { Deeper: Buffer.from([255]) } } },
    { Weird: JSON.parse('{"__proto__": {"a": 1}, "constructor": 2}'), Number: 1.5, Zero: -0 },
    {},
    null,
    "text",
  ];
  for (const output of outputs) assert.equal(serializeJson(output), withReplacer(output));
  assert.equal(serializeJson({ Plaintext: SecretBytes.copyOf(Buffer.from("secret")) }), '{"Plaintext":"c2VjcmV0"}');
  assert.equal(serializeJson({ When: new Date(1_700_000_000_123) }), '{"When":1700000000.123}');
});

test("parseJsonBody drops top-level nulls and a __proto__ member, and keeps everything else as parsed", () => {
  assert.deepEqual(parseJsonBody(Buffer.from('{"KeyId":"k","Limit":5,"Nested":{"a":null}}')), { KeyId: "k", Limit: 5, Nested: { a: null } });
  const dropped = parseJsonBody(Buffer.from('{"KeyId":"k","Marker":null,"__proto__":{"polluted":true}}'));
  assert.deepEqual(Object.keys(dropped), ["KeyId"]);
  assert.equal(Object.getPrototypeOf(dropped), Object.prototype);
  assert.equal((dropped as { polluted?: unknown }).polluted, undefined);
  assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
  assert.throws(() => parseJsonBody(Buffer.from("[1]")), /must be a JSON object/);
  assert.throws(() => parseJsonBody(Buffer.from("{")), /not valid JSON/);
});

test("serializeJson writes a SecretText as its UTF-8 text (a JSON string, escaped), not base64", () => {
  const text = new SecretText(SecretBytes.fromUtf8('{"password":"pä\\"ss\\n€"}'));
  const body = serializeJson({ ARN: "a", SecretString: text, SecretBinary: SecretBytes.copyOf(Buffer.from([0, 255])), CreatedDate: new Date(1_700_000_000_500) });
  assert.equal(body, '{"ARN":"a","SecretString":"{\\"password\\":\\"pä\\\\\\"ss\\\\n€\\"}","SecretBinary":"AP8=","CreatedDate":1700000000.5}');
  assert.equal((JSON.parse(body) as { SecretString: string }).SecretString, '{"password":"pä\\"ss\\n€"}');
  assert.equal(serializeJson({ SecretValues: [{ SecretString: new SecretText(SecretBytes.fromUtf8("")) }] }), '{"SecretValues":[{"SecretString":""}]}');
});
