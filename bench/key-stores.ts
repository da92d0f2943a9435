/**
 * What keeping key material in an HSM costs: 1 KiB Encrypt and Decrypt calls under a key whose
 * material Strongbox holds (the floor), and under a key of a custom key store, whose AES-GCM runs
 * in a SoftHSM2 token through PKCS#11. Same server, same run; reported as calls per second and as
 * ratios to the floor, never as thresholds. A hardware HSM's numbers will differ (SoftHSM2 is
 * software in this process; a network HSM adds a round trip per call).
 *
 *   npm run bench:hsm [-- --seconds 5 --concurrency 8]
 */
import { parseArgs } from "node:util";
import { ConnectCustomKeyStoreCommand, CreateCustomKeyStoreCommand, CreateKeyCommand, DecryptCommand, EncryptCommand, type KMSClient } from "@aws-sdk/client-kms";
import { createSoftHsm } from "../test/helpers/softhsm.js";
import { trustAnchorPem } from "../test/helpers/custom-key-store.js";
import { startTestServer } from "../test/helpers/server.js";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" }, concurrency: { type: "string", default: "8" } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function rate(call: () => Promise<unknown>): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let calls = 0;
  const worker = async () => {
    while (Date.now() < until) {
      await call();
      calls++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return calls / seconds;
}

const PIN = "bench-kmsuser-pin";
const CLUSTER = "cluster-benchhsm0001";
const hsm = createSoftHsm({ tokenLabel: "bench-token", pin: PIN });
const server = await startTestServer({ config: { hsmClusters: { [CLUSTER]: { library: hsm.library, tokenLabel: "bench-token" } } } });
try {
  const kms: KMSClient = server.kms();
  const storeId = (await kms.send(new CreateCustomKeyStoreCommand({ CustomKeyStoreName: "bench", CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: trustAnchorPem(), KeyStorePassword: PIN })))
    .CustomKeyStoreId!;
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: storeId }));
  const software = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  const inToken = (await kms.send(new CreateKeyCommand({ Origin: "AWS_CLOUDHSM", CustomKeyStoreId: storeId }))).KeyMetadata!.Arn!;
  const plaintext = Buffer.alloc(1024, 7);
  const blobs = new Map<string, Uint8Array>();
  for (const key of [software, inToken]) blobs.set(key, (await kms.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext }))).CiphertextBlob!);

  const encrypt = (key: string) => () => kms.send(new EncryptCommand({ KeyId: key, Plaintext: plaintext }));
  const decrypt = (key: string) => () => kms.send(new DecryptCommand({ CiphertextBlob: blobs.get(key)! }));
  await rate(encrypt(software)); // warm-up: JIT, caches, SQLite pages
  const rows: [string, number, number][] = [];
  for (const [name, make] of [["Encrypt", encrypt], ["Decrypt", decrypt]] as const) {
    const floor = await rate(make(software));
    rows.push([`${name}, key material in Strongbox`, floor, floor], [`${name}, key material in the token`, await rate(make(inToken)), floor]);
  }
  console.log(`1 KiB, ${concurrency} concurrent callers, ${seconds} s each (SoftHSM2 ${hsm.library})`);
  for (const [name, perSecond, floor] of rows) console.log(`${name.padEnd(38)} ${perSecond.toFixed(0).padStart(7)} calls/s   ${(perSecond / floor).toFixed(2)} x floor`);
} finally {
  await server.close();
  hsm.cleanup();
}
