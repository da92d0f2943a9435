import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, test } from "node:test";
import { ADMIN, REGION, startTestServer, type TestServer } from "./helpers/server.js";

const run = promisify(execFile);

const SCRIPT = `
import sys, boto3
kms = boto3.client("kms", endpoint_url=sys.argv[1], region_name=sys.argv[2])
key = kms.create_key(Description="boto3")["KeyMetadata"]
kms.create_alias(AliasName="alias/boto3", TargetKeyId=key["KeyId"])
blob = kms.encrypt(KeyId="alias/boto3", Plaintext=b"from python", EncryptionContext={"lang": "py"})["CiphertextBlob"]
plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext={"lang": "py"})["Plaintext"]
assert plain == b"from python", plain
dk = kms.generate_data_key(KeyId=key["Arn"], NumberOfBytes=64)
assert len(dk["Plaintext"]) == 64
try:
    kms.decrypt(CiphertextBlob=blob, EncryptionContext={"lang": "go"})
    raise SystemExit("decrypt with the wrong context succeeded")
except kms.exceptions.InvalidCiphertextException:
    pass
pages = kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 1})
print(sum(len(p["Keys"]) for p in pages), key["KeyId"])
`;

describe("boto3 against Strongbox", () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  test("create, alias, encrypt, decrypt, data key, typed errors and the paginator", async () => {
    const { stdout } = await run(process.env.STRONGBOX_TEST_PYTHON ?? "python3", ["-c", SCRIPT, server.url, REGION], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    const [count, keyId] = stdout.trim().split(" ");
    assert.equal(count, "1");
    assert.match(keyId!, /^[0-9a-f-]{36}$/);
  });
});
