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

// BYOK from Python: the wrapping by pyca/cryptography (a third implementation of RSA-OAEP and RFC 5649).
const IMPORT_SCRIPT = `
import sys, os, datetime, boto3
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
kms = boto3.client("kms", endpoint_url=sys.argv[1], region_name=sys.argv[2])
key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
assert key["KeyState"] == "PendingImport", key
params = kms.get_parameters_for_import(KeyId=key["KeyId"], WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256", WrappingKeySpec="RSA_3072")
public = serialization.load_der_public_key(params["PublicKey"])
material, aes = os.urandom(32), os.urandom(32)
oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
wrapped = public.encrypt(aes, oaep) + aes_key_wrap_with_padding(aes, material)
valid_to = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
out = kms.import_key_material(KeyId=key["KeyId"], ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped,
                              ExpirationModel="KEY_MATERIAL_EXPIRES", ValidTo=valid_to)
described = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
assert described["KeyState"] == "Enabled" and described["ExpirationModel"] == "KEY_MATERIAL_EXPIRES", described
assert abs((described["ValidTo"] - valid_to).total_seconds()) < 1, (described["ValidTo"], valid_to)
blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"from python")["CiphertextBlob"]
assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"from python"
try:
    kms.import_key_material(KeyId=key["KeyId"], ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped[:-8] + bytes(8),
                            ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    raise SystemExit("a damaged wrapping was accepted")
except kms.exceptions.InvalidCiphertextException:
    pass
print(out["KeyMaterialId"], described["CurrentKeyMaterialId"])
`;

// Secrets Manager from Python: values, stages, typed errors, the paginator.
const SECRETS_SCRIPT = `
import sys, boto3
sm = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name=sys.argv[2])
created = sm.create_secret(Name="py/secret", SecretString="from python", Tags=[{"Key": "lang", "Value": "py"}])
assert sm.get_secret_value(SecretId="py/secret")["SecretString"] == "from python"
sm.put_secret_value(SecretId=created["ARN"], SecretBinary=b"\\x00\\x01binary")
assert sm.get_secret_value(SecretId="py/secret")["SecretBinary"] == b"\\x00\\x01binary"
assert sm.get_secret_value(SecretId="py/secret", VersionStage="AWSPREVIOUS")["SecretString"] == "from python"
try:
    sm.create_secret(Name="py/secret", SecretString="again")
    raise SystemExit("a second secret of the same name was created")
except sm.exceptions.ResourceExistsException:
    pass
try:
    sm.get_secret_value(SecretId="py/missing")
    raise SystemExit("a missing secret was read")
except sm.exceptions.ResourceNotFoundException as error:
    assert error.response["Error"]["Message"] == "Secrets Manager can't find the specified secret.", error.response
names = [s["Name"] for page in sm.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 1}) for s in page["SecretList"]]
sm.delete_secret(SecretId="py/secret", ForceDeleteWithoutRecovery=True)
print(",".join(names))
`;

// Parameter Store from Python: String and SecureString, a selector, the path paginator, typed errors.
const PARAMETERS_SCRIPT = `
import sys, boto3
ssm = boto3.client("ssm", endpoint_url=sys.argv[1], region_name=sys.argv[2])
ssm.put_parameter(Name="/py/app/url", Value="https://example.test", Type="String")
ssm.put_parameter(Name="/py/app/password", Value="from python", Type="SecureString")
ssm.put_parameter(Name="/py/app/password", Value="second", Type="SecureString", Overwrite=True)
got = ssm.get_parameter(Name="/py/app/password", WithDecryption=True)["Parameter"]
assert got["Value"] == "second" and got["Version"] == 2, got
assert ssm.get_parameter(Name="/py/app/password:1", WithDecryption=True)["Parameter"]["Value"] == "from python"
assert ssm.get_parameter(Name="/py/app/password")["Parameter"]["Value"] != "second"
try:
    ssm.get_parameter(Name="/py/missing")
    raise SystemExit("a missing parameter was read")
except ssm.exceptions.ParameterNotFound:
    pass
names = [p["Name"] for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/py", Recursive=True, PaginationConfig={"PageSize": 1}) for p in page["Parameters"]]
print(",".join(names))
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

  test("imported key material wrapped by pyca/cryptography; ValidTo as a datetime; typed import errors", async () => {
    const { stdout } = await run(process.env.STRONGBOX_TEST_PYTHON ?? "python3", ["-c", IMPORT_SCRIPT, server.url, REGION], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    const [imported, current] = stdout.trim().split(" ");
    assert.match(imported!, /^[0-9a-f]{64}$/);
    assert.equal(imported, current);
  });

  test("Secrets Manager: values string and binary, stages, typed errors with their Message, the paginator", async () => {
    const { stdout } = await run(process.env.STRONGBOX_TEST_PYTHON ?? "python3", ["-c", SECRETS_SCRIPT, server.url, REGION], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    assert.equal(stdout.trim(), "py/secret");
  });

  test("Parameter Store: String and SecureString, a version selector, typed errors, the path paginator", async () => {
    const { stdout } = await run(process.env.STRONGBOX_TEST_PYTHON ?? "python3", ["-c", PARAMETERS_SCRIPT, server.url, REGION], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: ADMIN.accessKeyId, AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" },
    });
    assert.equal(stdout.trim(), "/py/app/password,/py/app/url");
  });
});
