/**
 * Secret scanning (issue 9): `npm test` runs `npm run lint:secrets` (secretlint with its
 * recommended preset over every file git does not ignore), so a committed secret fails CI. This
 * proves the scanner bites: the lint script's own command, with the repository's configuration,
 * fails on a planted AWS secret access key and private key, and passes a clean file. The planted
 * secrets are made at run time (none is written in this file, which the scan reads too) in a
 * temporary directory outside the repository, removed afterwards.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, test } from "node:test";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const scripts = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** Runs the lint:secrets script, verbatim, in `dir` (holding a copy of the repository's secretlint configuration and ignore file). */
function lintSecretsIn(dir: string): { status: number | null; output: string } {
  for (const name of [".secretlintrc.json", ".gitignore"]) copyFileSync(join(REPO, name), join(dir, name));
  const result = spawnSync(scripts["lint:secrets"]!, {
    cwd: dir,
    shell: true,
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(REPO, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}` },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** 40 characters of the base64 alphabet, as an AWS secret access key is. */
function fakeSecretAccessKey(): string {
  return randomBytes(30).toString("base64").replace(/[+/]/g, "x").slice(0, 40);
}

describe("secret scanning", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "sbx-secretlint-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  test("npm test runs lint:secrets, which runs secretlint with the recommended preset", () => {
    assert.match(scripts["test"]!, /npm run lint:secrets &&/);
    assert.match(scripts["lint:secrets"]!, /^secretlint /);
    const config = JSON.parse(readFileSync(join(REPO, ".secretlintrc.json"), "utf8")) as { rules: { id: string }[] };
    assert.ok(config.rules.some((rule) => rule.id === "@secretlint/secretlint-rule-preset-recommend"));
  });

  test("a planted AWS secret access key or private key fails the scan, naming the rule", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "credentials.env"), `aws_access_key_id = AKIA${randomBytes(8).toString("hex").toUpperCase().slice(0, 16)}\naws_secret_access_key = "${fakeSecretAccessKey()}"\n`);
    const aws = lintSecretsIn(dir);
    assert.equal(aws.status, 1, aws.output);
    assert.match(aws.output, /\[AWSSecretAccessKey\]/);
    assert.ok(!aws.output.includes(readFileSync(join(dir, "credentials.env"), "utf8").split('"')[1]!), "the report masks the secret");
    rmSync(join(dir, "credentials.env"));

    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    writeFileSync(join(dir, "deploy-key.ts"), `export const key = \`${privateKey.export({ type: "pkcs1", format: "pem" }).toString()}\`;\n`);
    const pem = lintSecretsIn(dir);
    assert.equal(pem.status, 1, pem.output);
    assert.match(pem.output, /\[PrivateKey\]/);
  });

  test("a file without secrets passes", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "clean.ts"), 'export const accessKeyId = process.env["AWS_ACCESS_KEY_ID"];\nexport const region = "us-east-1";\n');
    const clean = lintSecretsIn(dir);
    assert.equal(clean.status, 0, clean.output);
  });
});
