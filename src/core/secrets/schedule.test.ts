import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDue, nextRotationWindow, parseRotationRules, type RotationRulesInput, type RotationSchedule } from "./schedule.js";

function schedule(rules: RotationRulesInput): RotationSchedule {
  const parsed = parseRotationRules(rules);
  if (!parsed.ok) assert.fail(`${JSON.stringify(rules)} refused: ${parsed.error.message}`);
  return parsed.schedule;
}

function refused(rules: RotationRulesInput, code: string, message: RegExp): void {
  const parsed = parseRotationRules(rules);
  assert.equal(parsed.ok, false, `${JSON.stringify(rules)} was accepted`);
  if (!parsed.ok) {
    assert.equal(parsed.error.code, code, parsed.error.message);
    assert.match(parsed.error.message, message);
  }
}

const at = (iso: string): Date => new Date(iso);
function window(s: RotationSchedule, last: string, now = last): [string, string] {
  const w = nextRotationWindow(s, at(last), at(now));
  return [w.start.toISOString(), w.end.toISOString()];
}

describe("parseRotationRules", () => {
  it("accepts the documented forms", () => {
    for (const expr of ["rate(4 hours)", "rate(1 day)", "rate(10 days)", "rate(999 days)", "rate(23 hours)", "cron(0 10 * * ? *)", "cron(0 18 ? * SAT *)", "cron(0 8 1 * ? *)", "cron(0 17 L * ? *)", "cron(0 8 ? * MON-FRI *)", "cron(0 16 1,15 * ? *)", "cron(0 0 ? * SUN#1 *)", "cron(0 4/12 * * ? *)", "cron(0 10 ? FEB,MAY,AUG,NOV TUE#2 *)", "cron(0 1 ? 1/3 SUN *)", "cron(0 12 ? * 6L *)"]) {
      schedule({ ScheduleExpression: expr });
    }
    assert.deepEqual(schedule({ AutomaticallyAfterDays: 30 }), { kind: "days", days: 30, windowHours: 24 });
  });

  it("refuses AutomaticallyAfterDays with ScheduleExpression, with AWS's text", () => {
    refused({ AutomaticallyAfterDays: 3, ScheduleExpression: "rate(3 days)" }, "InvalidParameterException", /^You cannot specify both rotation frequency and schedule expression together\.$/);
    refused({ Duration: "2h" }, "InvalidParameterException", /AutomaticallyAfterDays or ScheduleExpression/);
  });

  it("reports model constraint violations as ValidationException in AWS's format", () => {
    refused({ AutomaticallyAfterDays: 0 }, "ValidationException", /^1 validation error detected: Value '0' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must have value greater than or equal to 1$/);
    refused({ AutomaticallyAfterDays: 1001 }, "ValidationException", /less than or equal to 1000/);
    refused({ ScheduleExpression: "rate(1 day);" }, "ValidationException", /regular expression pattern/);
    refused({ ScheduleExpression: "rate(1 day)", Duration: "25" }, "ValidationException", /'rotationRules.duration'.*pattern: \[0-9\]\+h/);
    refused({ ScheduleExpression: "rate(1 day)", Duration: "100h" }, "ValidationException", /length less than or equal to 3/);
  });

  it("refuses schedules more often than every four hours", () => {
    refused({ ScheduleExpression: "rate(3 hours)" }, "InvalidParameterException", /every four hours/);
    refused({ ScheduleExpression: "cron(0 1,3 * * ? *)" }, "InvalidParameterException", /every four hours/);
    refused({ ScheduleExpression: "cron(0 0/2 * * ? *)" }, "InvalidParameterException", /every four hours/);
    refused({ ScheduleExpression: "cron(0 0,22 * * ? *)" }, "InvalidParameterException", /next are less than four hours apart/);
    schedule({ ScheduleExpression: "cron(0 2,22 ? * MON *)" }); // not on consecutive days
  });

  it("refuses cron expressions outside Secrets Manager's subset", () => {
    const cases: [string, RegExp][] = [
      ["cron(30 10 * * ? *)", /Minutes field must be 0/],
      ["cron(0 10 * * ? 2030)", /Year field must be \*/],
      ["cron(0 10 * * * *)", /\? in exactly one/],
      ["cron(0 10 ? * ? *)", /\? in exactly one/],
      ["cron(0 24 * * ? *)", /Hours value \(0-23\)/],
      ["cron(0 10 32 * ? *)", /Day-of-month value/],
      ["cron(0 10 ? * MON#6 *)", /1-5/],
      ["cron(0 10 ? 13 MON *)", /Month value/],
      ["cron(0 10 30 2 ? *)", /never matches/],
      ["cron(0 10 * *)", /six fields/],
      ["rate(5 minutes)", /rate\(N hours\)/],
      ["rate(24 hours)", /at most 23 hours/],
      ["rate(1000 days)", /between 1 and 999/],
    ];
    for (const [expr, message] of cases) refused({ ScheduleExpression: expr }, "InvalidParameterException", message);
  });

  it("checks Duration against the day and the next window", () => {
    assert.equal(schedule({ ScheduleExpression: "rate(10 days)", Duration: "24h" }).windowHours, 24);
    assert.equal(schedule({ ScheduleExpression: "cron(0 20 * * ? *)", Duration: "4h" }).windowHours, 4);
    refused({ ScheduleExpression: "cron(0 20 * * ? *)", Duration: "5h" }, "InvalidParameterException", /next UTC day/);
    refused({ ScheduleExpression: "rate(1 day)", Duration: "0h" }, "InvalidParameterException", /between 1h and 24h/);
    refused({ ScheduleExpression: "rate(1 day)", Duration: "25h" }, "InvalidParameterException", /between 1h and 24h/);
    refused({ ScheduleExpression: "rate(6 hours)", Duration: "7h" }, "InvalidParameterException", /next UTC day/);
    refused({ ScheduleExpression: "cron(0 4,10 * * ? *)", Duration: "7h" }, "InvalidParameterException", /next rotation window/);
    refused({ ScheduleExpression: "cron(0 4/12 * * ? *)", Duration: "9h" }, "InvalidParameterException", /next UTC day/);
    assert.equal(schedule({ ScheduleExpression: "rate(6 hours)", Duration: "6h" }).windowHours, 6);
  });

  it("defaults the window to one hour for schedules in hours and to the end of the day for schedules in days", () => {
    assert.equal(schedule({ ScheduleExpression: "rate(8 hours)" }).windowHours, 1);
    assert.equal(schedule({ ScheduleExpression: "cron(0 4/12 * * ? *)" }).windowHours, 1);
    assert.equal(schedule({ ScheduleExpression: "rate(2 days)" }).windowHours, 24);
    assert.equal(schedule({ ScheduleExpression: "cron(0 10 * * ? *)" }).windowHours, 14);
  });
});

describe("nextRotationWindow", () => {
  it("counts AutomaticallyAfterDays and rate(N days) from the UTC day of the last rotation, window from midnight", () => {
    assert.deepEqual(window(schedule({ AutomaticallyAfterDays: 30 }), "2026-01-15T17:45:00Z"), ["2026-02-14T00:00:00.000Z", "2026-02-15T00:00:00.000Z"]);
    assert.deepEqual(window(schedule({ ScheduleExpression: "rate(1 day)", Duration: "3h" }), "2026-12-31T23:59:59Z"), ["2027-01-01T00:00:00.000Z", "2027-01-01T03:00:00.000Z"]);
  });

  it("opens rate(N hours) windows at midnight and every N hours, resetting each day", () => {
    const every6 = schedule({ ScheduleExpression: "rate(6 hours)" });
    assert.deepEqual(window(every6, "2026-03-01T07:10:00Z"), ["2026-03-01T12:00:00.000Z", "2026-03-01T13:00:00.000Z"]);
    assert.deepEqual(window(every6, "2026-03-01T18:00:00Z"), ["2026-03-02T00:00:00.000Z", "2026-03-02T01:00:00.000Z"]);
    // Slots 00, 10, 20: after 20:30, 00:00 is only 4 h on, so the next is 10:00.
    assert.deepEqual(window(schedule({ ScheduleExpression: "rate(10 hours)" }), "2026-03-01T20:30:00Z"), ["2026-03-02T10:00:00.000Z", "2026-03-02T11:00:00.000Z"]);
  });

  it("follows cron day rules: last day, nth weekday, last weekday, hour increments", () => {
    assert.deepEqual(window(schedule({ ScheduleExpression: "cron(0 17 L * ? *)" }), "2028-02-01T00:00:00Z"), ["2028-02-29T17:00:00.000Z", "2028-03-01T00:00:00.000Z"]);
    assert.deepEqual(window(schedule({ ScheduleExpression: "cron(0 0 ? * SUN#1 *)", Duration: "2h" }), "2026-03-02T00:00:00Z"), ["2026-04-05T00:00:00.000Z", "2026-04-05T02:00:00.000Z"]);
    assert.deepEqual(window(schedule({ ScheduleExpression: "cron(0 9 ? * FRIL *)", Duration: "1h" }), "2026-05-01T00:00:00Z"), ["2026-05-29T09:00:00.000Z", "2026-05-29T10:00:00.000Z"]);
    const twice = schedule({ ScheduleExpression: "cron(0 4/12 * * ? *)" });
    assert.deepEqual(window(twice, "2026-05-01T04:20:00Z"), ["2026-05-01T16:00:00.000Z", "2026-05-01T17:00:00.000Z"]);
    assert.deepEqual(window(twice, "2026-05-01T16:00:00Z"), ["2026-05-02T04:00:00.000Z", "2026-05-02T05:00:00.000Z"]);
  });

  it("a rotation inside a cron window uses that window up", () => {
    const daily = schedule({ ScheduleExpression: "cron(0 10 * * ? *)", Duration: "2h" });
    assert.deepEqual(window(daily, "2026-06-01T10:30:00Z"), ["2026-06-02T10:00:00.000Z", "2026-06-02T12:00:00.000Z"]);
    assert.deepEqual(window(daily, "2026-06-01T09:59:00Z"), ["2026-06-01T10:00:00.000Z", "2026-06-01T12:00:00.000Z"]);
  });

  it("marks a window that closed without a rotation as overdue, and it stays due", () => {
    const weekly = schedule({ ScheduleExpression: "rate(7 days)", Duration: "2h" });
    const w = nextRotationWindow(weekly, at("2026-01-01T12:00:00Z"), at("2026-01-20T00:00:00Z"));
    assert.equal(w.overdue, true);
    assert.equal(w.start.toISOString(), "2026-01-08T00:00:00.000Z");
    assert.equal(isDue(weekly, at("2026-01-01T12:00:00Z"), at("2026-01-20T00:00:00Z")), true);
  });
});

describe("isDue", () => {
  it("is false before the window opens and true from its first instant", () => {
    const s = schedule({ AutomaticallyAfterDays: 1 });
    assert.equal(isDue(s, at("2026-01-01T23:00:00Z"), at("2026-01-01T23:59:59.999Z")), false);
    assert.equal(isDue(s, at("2026-01-01T23:00:00Z"), at("2026-01-02T00:00:00Z")), true);
    assert.equal(nextRotationWindow(s, at("2026-01-01T23:00:00Z"), at("2026-01-02T00:00:00Z")).overdue, false);
  });
});
