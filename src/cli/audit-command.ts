import { Command, InvalidArgumentError } from "commander";
import { exportAuditTrailFromDataDir, pruneAuditTrailInDataDir, searchAuditTrailInDataDir, tailAuditTrailInDataDir, verifyAuditExport, verifyAuditTrailInDataDir } from "../main.js";
import type { LookupAttribute } from "../ports/audit-repository.js";
import { isoTime, wholeNumber } from "./arguments.js";

const count = wholeNumber(1, 10_000);
const time = isoTime;

/** `strongbox audit verify|tail`: the operator's view of the audit trail, straight from the data dir. */
export function auditCommand(defaults: { dataDir: string }): Command {
  const audit = new Command("audit").description("inspect and verify the audit trail");
  audit
    .command("verify")
    .description("check the hash chain and the signed digests; name the first record altered, deleted, inserted or reordered")
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .option("--file <export>", "verify an export file (strongbox audit export) instead of the data dir")
    .option("--public-key-fingerprint <hex>", "the digest signing key's fingerprint you recorded (guards against a rewritten key)")
    .option("--from <seq>", "verify from this record on (it must follow a digest boundary)", seq)
    .option("--to <seq>", "verify up to this record", seq)
    .option("--json", "print the report as JSON")
    .action(async (options: { dataDir: string; file?: string; publicKeyFingerprint?: string; from?: number; to?: number; json?: boolean }) => {
      const pin = options.publicKeyFingerprint !== undefined ? { expectedFingerprint: options.publicKeyFingerprint } : {};
      const range = { ...(options.from !== undefined ? { fromSeq: options.from } : {}), ...(options.to !== undefined ? { toSeq: options.to } : {}) };
      const report =
        options.file !== undefined ? verifyAuditExport({ file: options.file, ...pin }) : await verifyAuditTrailInDataDir({ dataDir: options.dataDir, ...pin, ...range });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else if (report.ok) {
        const unsealed = report.unsealedFrom !== undefined ? `; records from ${report.unsealedFrom} on are not yet sealed by a digest` : "";
        const fingerprint = "publicKeyFingerprint" in report && report.publicKeyFingerprint ? `\ndigest signing key fingerprint: ${String(report.publicKeyFingerprint)}` : "";
        process.stdout.write(`OK: ${report.records} records, ${report.digests} signed digests${unsealed}${fingerprint}\n`);
      } else {
        const problem = report.firstProblem!;
        const where =
          "seq" in problem ? `record ${problem.seq}` : problem.toSeq === 0 ? "the trail: no digest is signed by the pinned key" : `the digest sealing records up to ${problem.toSeq}`;
        process.stdout.write(`FAILED: ${problem.kind} at ${where} (${report.records} records, ${report.digests} digests checked)\n`);
      }
      process.exit(report.ok ? 0 : 4);
    });
  audit
    .command("export")
    .description("write the whole trail, its signed digests and the public key as newline-delimited JSON (verify --file checks it)")
    .requiredOption("--to <file>", "the file to write (mode 0600)")
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .action(async (options: { to: string; dataDir: string }) => {
      const records = await exportAuditTrailFromDataDir({ dataDir: options.dataDir, file: options.to });
      process.stdout.write(`exported ${records} lines to ${options.to}\n`);
    });
  audit
    .command("prune")
    .description("retention: delete the records sealed by digests older than N days (export them first); what stays still verifies")
    .requiredOption("--older-than-days <n>", "keep the last N days", count)
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .action(async (options: { olderThanDays: number; dataDir: string }) => {
      const result = await pruneAuditTrailInDataDir({ dataDir: options.dataDir, days: options.olderThanDays });
      process.stdout.write(result.throughSeq === undefined ? "nothing to prune\n" : `pruned ${result.pruned} records, through record ${result.throughSeq}\n`);
    });
  audit
    .command("tail")
    .description("print the newest audit events, one CloudTrail JSON record per line")
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .option("-n, --count <n>", "how many", count, 20)
    .action(async (options: { dataDir: string; count: number }) => {
      for (const event of await tailAuditTrailInDataDir(options)) process.stdout.write(`${event}\n`);
    });
  audit
    .command("search")
    .description("print the events that match one attribute (as LookupEvents takes them) and a time range, newest first")
    .requiredOption("--account-id <id>", "the account whose trail to search")
    .option("--attribute <Key=Value>", "EventName, Username, ResourceName, EventSource, AccessKeyId, ReadOnly or EventId, e.g. EventName=Decrypt", attribute)
    .option("--start <time>", "ISO time: events at or after it", time)
    .option("--end <time>", "ISO time: events at or before it", time)
    .option("--data-dir <dir>", "the data dir", defaults.dataDir)
    .option("-n, --count <n>", "how many at most", count, 50)
    .action(async (options: { accountId: string; attribute?: { key: LookupAttribute; value: string }; start?: Date; end?: Date; dataDir: string; count: number }) => {
      for (const event of await searchAuditTrailInDataDir(options)) process.stdout.write(`${event}\n`);
    });
  return audit;
}

const ATTRIBUTES: readonly LookupAttribute[] = ["EventName", "Username", "ResourceName", "EventSource", "AccessKeyId", "ReadOnly", "EventId"];

function attribute(value: string): { key: LookupAttribute; value: string } {
  const at = value.indexOf("=");
  const key = value.slice(0, at) as LookupAttribute;
  if (at <= 0 || !ATTRIBUTES.includes(key)) throw new InvalidArgumentError(`must be Key=Value with Key one of ${ATTRIBUTES.join(", ")}`);
  return { key, value: value.slice(at + 1) };
}

function seq(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("must be a record number (1 or more)");
  return n;
}

