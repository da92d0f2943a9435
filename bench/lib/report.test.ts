import assert from "node:assert/strict";
import { test } from "node:test";
import type { Summary } from "./measure.js";
import { formatTable, type ScenarioResult } from "./report.js";
import { spread } from "./stats.js";

const summary = (perSecond: number[], cpu: number[]): Summary => ({
  perSecond: spread(perSecond),
  cpuMicros: spread(cpu),
  eventLoopMicros: spread(cpu.map((c) => c * 0.7)),
  p50: spread([1.5, 2]),
  p99: spread([10, 12.25]),
  p999: spread([30, 31]),
  errors: 0,
});

const result = (name: string, perSecond: number[], withTarget: boolean): ScenarioResult => ({
  name,
  responseBytes: 100,
  strongbox: summary(perSecond, [250, 260, 2700]),
  floor: summary([40000, 41000, 42000], [25, 25, 26]),
  ratios: { throughput: spread([0.1, 0.12, 0.13]), cpu: spread([0.1, 0.1, 0.11]) },
  ...(withTarget ? { target: { against: "http" as const, ratio: 0.4, throughputMet: false, cpuMet: false } } : {}),
});

test("the terminal table lines every column up, however wide the spreads", () => {
  const lines = formatTable([result("Encrypt 1 KiB + context", [5127, 4946, 5350], true), result("Mixed", [12, 9, 100000], false)]).split("\n");
  assert.equal(lines.length, 3);
  // Right-aligned figures end where their heading ends: check the "loop us" and "errors" columns.
  for (const heading of ["loop us", "errors"]) {
    const end = lines[0]!.indexOf(heading) + heading.length;
    for (const line of lines.slice(1)) assert.match(line.slice(0, end), /\d$/, `${heading} ends at column ${end} in: ${line}`);
    for (const line of lines.slice(1)) if (line.length > end) assert.match(line.slice(end, end + 2), /^ {2}$/, `a gap after ${heading} in: ${line}`);
  }
  assert.match(lines[1]!, /0\.4 x http: not met$/);
  assert.doesNotMatch(lines[2]!, / $/, "no trailing blanks where there is no target");
});
