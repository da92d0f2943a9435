/**
 * What access control costs on the hot path. One server, one key, 1 KiB Encrypt calls from several
 * principals in the same run: the account root (key policy only: the floor), an IAM user allowed
 * by an identity policy (one store read of its policies per call), a role session, and a user
 * allowed only by a grant (policies refuse, then the grant lookup). Reported as calls per second
 * and as ratios to the floor, never as absolute thresholds: the machines are shared.
 *
 *   npm run bench:access [-- --seconds 5 --concurrency 8]
 */
import { parseArgs } from "node:util";
import { CreateGrantCommand, CreateKeyCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { allowAll, allowAssumeRole, trustAccount } from "../test/helpers/iam.js";
import { assumeRole, createRole, createUser } from "../test/helpers/principals.js";
import { ADMIN, startTestServer } from "../test/helpers/server.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "8" } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function rate(client: KMSClient, keyId: string): Promise<number> {
  const plaintext = Buffer.alloc(1024, 7);
  const until = Date.now() + seconds * 1000;
  let calls = 0;
  const worker = async () => {
    while (Date.now() < until) {
      await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { bench: "access" } }));
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / seconds;
}

const server = await startTestServer();
try {
  const admin = server.kms();
  const adminCreds = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey };
  const keyId = (await admin.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  const user = await createUser(server, adminCreds, "bench-user", { policies: { kms: allowAll("kms:Encrypt"), assume: allowAssumeRole() } });
  const roleArn = await createRole(server, adminCreds, "BenchRole", trustAccount(), { kms: allowAll("kms:Encrypt") });
  const session = await assumeRole(server, user.credentials, roleArn, "bench");
  const grantee = await createUser(server, adminCreds, "bench-grantee");
  await admin.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: grantee.arn, Operations: ["Encrypt"] }));

  const rows: [string, KMSClient][] = [
    ["account root (key policy only)", admin],
    ["IAM user (identity policy)", user.kms],
    ["role session (role policy)", session.kms],
    ["IAM user (grant)", grantee.kms],
  ];
  await rate(admin, keyId); // warm-up: JIT, caches, SQLite pages
  const results: [string, number][] = [];
  for (const [name, client] of rows) results.push([name, await rate(client, keyId)]);
  const floor = results[0]![1];
  const { batches, events } = server.strongbox.auditLog.stats();
  console.log(`Encrypt, 1 KiB, ${concurrency} concurrent callers, ${seconds} s each`);
  for (const [name, perSecond] of results) console.log(`${name.padEnd(32)} ${perSecond.toFixed(0).padStart(7)} calls/s   ${(perSecond / floor).toFixed(2)} x floor`);
  console.log(`audit trail: ${events} events in ${batches} durable transactions (${(events / batches).toFixed(1)} events per fsync: group commit)`);
} finally {
  await server.close();
}
