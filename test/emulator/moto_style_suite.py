"""
A small suite written the way moto's server-mode suites are: boto3 clients on an endpoint URL,
fake credentials, account 123456789012, several Regions, and a reset before and after each test.
Run by test/emulator-moto-style.test.ts against `strongbox server --emulator --account-id 123456789012`.
"""
import json
import os
import unittest
import urllib.request

import boto3
from botocore.exceptions import ClientError

ENDPOINT = os.environ["STRONGBOX_ENDPOINT"]
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"})
os.environ.pop("AWS_PROFILE", None)
ACCOUNT = "123456789012"


def client(service, region="us-east-1"):
    return boto3.client(service, region_name=region, endpoint_url=ENDPOINT)


def reset():
    urllib.request.urlopen(urllib.request.Request(ENDPOINT + "/moto-api/reset", method="POST", data=b"")).read()


class EmulatedTestCase(unittest.TestCase):
    def setUp(self):
        reset()

    def tearDown(self):
        reset()


class TestKms(EmulatedTestCase):
    def test_create_key_in_the_default_account(self):
        key = client("kms").create_key(Description="moto-style")["KeyMetadata"]
        self.assertTrue(key["Arn"].startswith(f"arn:aws:kms:us-east-1:{ACCOUNT}:key/"))
        self.assertEqual(key["KeyState"], "Enabled")

    def test_each_region_has_its_own_keys_and_aliases(self):
        west, central = client("kms", "us-west-2"), client("kms", "eu-central-1")
        west_key = west.create_key()["KeyMetadata"]["KeyId"]
        central_key = central.create_key()["KeyMetadata"]["KeyId"]
        west.create_alias(AliasName="alias/app", TargetKeyId=west_key)
        central.create_alias(AliasName="alias/app", TargetKeyId=central_key)
        self.assertEqual([k["KeyId"] for k in west.list_keys()["Keys"]], [west_key])
        self.assertEqual(central.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"], central_key)
        self.assertIn(":eu-central-1:", central.describe_key(KeyId=central_key)["KeyMetadata"]["Arn"])

    def test_encryption_context_is_enforced(self):
        kms = client("kms")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key, Plaintext=b"secret", EncryptionContext={"app": "a"})["CiphertextBlob"]
        self.assertEqual(kms.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "a"})["Plaintext"], b"secret")
        with self.assertRaises(kms.exceptions.InvalidCiphertextException):
            kms.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "b"})

    def test_reset_leaves_nothing_behind(self):
        # Whatever another test made, setUp's reset cleared it.
        self.assertEqual(client("kms").list_keys()["Keys"], [])
        self.assertEqual(client("kms", "us-west-2").list_keys()["Keys"], [])

    def test_key_policy_is_evaluated(self):
        kms = client("kms")
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"},
                {"Effect": "Deny", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:Decrypt", "Resource": "*"},
            ],
        }
        key = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]["KeyId"]
        blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
        with self.assertRaises(ClientError) as denied:
            kms.decrypt(CiphertextBlob=blob)
        self.assertEqual(denied.exception.response["Error"]["Code"], "AccessDeniedException")


class TestSecretsAndParameters(EmulatedTestCase):
    def test_secret_per_region(self):
        east, west = client("secretsmanager"), client("secretsmanager", "us-west-2")
        east.create_secret(Name="db/password", SecretString="east")
        west.create_secret(Name="db/password", SecretString="west")
        self.assertEqual(west.get_secret_value(SecretId="db/password")["SecretString"], "west")
        self.assertIn(f":us-west-2:{ACCOUNT}:secret:db/password-", west.describe_secret(SecretId="db/password")["ARN"])

    def test_secure_string_parameter(self):
        ssm = client("ssm", "eu-west-1")
        ssm.put_parameter(Name="/app/token", Value="s3cret", Type="SecureString")
        stored = ssm.get_parameter(Name="/app/token")["Parameter"]
        self.assertNotEqual(stored["Value"], "s3cret")
        self.assertEqual(ssm.get_parameter(Name="/app/token", WithDecryption=True)["Parameter"]["Value"], "s3cret")
        with self.assertRaises(ssm.exceptions.ParameterNotFound):
            client("ssm", "eu-west-2").get_parameter(Name="/app/token")


class TestIdentity(EmulatedTestCase):
    def test_caller_identity(self):
        identity = client("sts").get_caller_identity()
        self.assertEqual(identity["Account"], ACCOUNT)
        self.assertEqual(identity["Arn"], f"arn:aws:iam::{ACCOUNT}:root")


if __name__ == "__main__":
    unittest.main(verbosity=2)
