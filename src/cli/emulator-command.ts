import { Command, InvalidArgumentError } from "commander";

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("must be a whole number of seconds, 0 or more");
  return n;
}

/** POSTs to an emulator's own route (unsigned, as moto's are) and prints the JSON answer. */
async function post(endpoint: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(new URL(path, endpoint), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) {
    const parsed = (() => {
      try {
        return JSON.parse(text) as { message?: string };
      } catch {
        return {};
      }
    })();
    throw new Error(`${path} answered ${response.status}: ${parsed.message ?? text.slice(0, 200)}${response.status === 400 && !parsed.message ? " (is the server running with --emulator?)" : ""}`);
  }
  process.stdout.write(`${text}\n`);
}

/** `strongbox emulator ...`: the verbs of a server started with --emulator (docs/emulator.md). */
export function emulatorCommand(defaults: { endpoint: string }): Command {
  const emulator = new Command("emulator").description("drive a server started with --emulator: reset its state, move its clock");
  emulator
    .command("reset")
    .description("clear every account's keys, aliases, grants, IAM entities, secrets and parameters (the trail stays)")
    .option("--endpoint <url>", "the emulator", defaults.endpoint)
    .action((options: { endpoint: string }) => post(options.endpoint, "/sys/emulator/reset", {}));
  emulator
    .command("clock")
    .description("move the emulator's clock forward; deletions, rotations and expirations that fall due run at once")
    .requiredOption("--advance-seconds <n>", "how far to move it", seconds)
    .option("--endpoint <url>", "the emulator", defaults.endpoint)
    .action((options: { endpoint: string; advanceSeconds: number }) => post(options.endpoint, "/sys/emulator/clock", { advanceSeconds: options.advanceSeconds }));
  return emulator;
}
