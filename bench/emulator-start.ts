/**
 * How long `strongbox server --emulator` takes to listen with an empty store (issue 10 asks for
 * under a second), next to its floor measured in the same run: a bare `node` process starting and
 * exiting. Median of the runs, with min and max.
 *
 *   npm run bench:emulator [-- --runs 7]
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { spread } from "./lib/stats.js";

const CLI = fileURLToPath(new URL("../bin/strongbox.js", import.meta.url));

function startOnce(): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, "server", "--emulator", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes('"msg":"Strongbox listening"')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.once("exit", () => resolve(ms));
        child.kill("SIGTERM");
      }
    });
    child.once("exit", (code) => {
      if (!output.includes("Strongbox listening")) reject(new Error(`the emulator exited with ${code} before listening:\n${output}`));
    });
  });
}

function bareNode(): number {
  const started = process.hrtime.bigint();
  spawnSync(process.execPath, ["-e", "0"]);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } } });
const runs = Number(values.runs);
const starts: number[] = [];
const floors: number[] = [];
for (let i = 0; i < runs; i++) {
  floors.push(bareNode());
  starts.push(await startOnce());
}
const start = spread(starts);
const floor = spread(floors);
const fmt = (s: { median: number; min: number; max: number }) => `${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
console.log(`emulator start to listening, empty store: ${fmt(start)}`);
console.log(`floor, bare node start and exit:          ${fmt(floor)}`);
console.log(`ratio to the floor: ${(start.median / floor.median).toFixed(1)}x; target under 1,000 ms: ${start.median < 1000 ? "met" : "NOT met"}`);
