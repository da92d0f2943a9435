/**
 * RotationRules (RotateSecret) → a schedule, and the rotation windows it opens. Pure: `now` and the
 * last rotation come in as arguments. All times are UTC.
 *
 * AWS rules followed (User Guide "Rotation schedules", API RotationRulesType):
 * - AutomaticallyAfterDays (1–1000) and ScheduleExpression are mutually exclusive.
 * - rate(N hours|hour|days|day): at most every four hours; days up to 999 ("The maximum rotation
 *   period is 999 days"). Windows start at midnight; for hours they repeat every N hours and the
 *   series resets each UTC day (as the User Guide says of cron hour increments).
 * - cron(...): see schedule-cron.ts.
 * - Duration `Nh`: the window length, at least one hour. Default: one hour for a schedule in hours,
 *   the rest of the UTC day for a schedule in days. A window must not run into the next UTC day or
 *   into the next window.
 * Where AWS is silent: AutomaticallyAfterDays is rate(N days) counted from the
 * UTC day of the last rotation; a window missed entirely (server down, rotation failed) stays due,
 * so the next check rotates at once rather than waiting a whole period.
 */
import { nextCronStart, parseCron, type CronSchedule } from "./schedule-cron.js";

export interface RotationRulesInput {
  readonly AutomaticallyAfterDays?: number;
  readonly ScheduleExpression?: string;
  readonly Duration?: string;
}

export type RotationSchedule =
  /** AutomaticallyAfterDays, rate(N days): a window on the UTC day `days` after the last rotation. */
  | { readonly kind: "days"; readonly days: number; readonly windowHours: number }
  /** rate(N hours): windows at 00:00, N:00, 2N:00 … each UTC day. */
  | { readonly kind: "hours"; readonly hours: number; readonly windowHours: number }
  | { readonly kind: "cron"; readonly cron: CronSchedule; readonly windowHours: number };

export interface ScheduleError {
  readonly code: "InvalidParameterException" | "ValidationException";
  readonly message: string;
}

export type ParsedRotationRules = { readonly ok: true; readonly schedule: RotationSchedule } | { readonly ok: false; readonly error: ScheduleError };

export interface RotationWindow {
  readonly start: Date;
  readonly end: Date;
  /** The window closed before `now` without a rotation (AWS: "NextRotationDate may be in the past"). */
  readonly overdue: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** "You can rotate a secret as often as every four hours." */
const MIN_INTERVAL_HOURS = 4;
const MAX_RATE_DAYS = 999;
const EXPRESSION_PATTERN = /^[0-9A-Za-z()#?*\-/, ]+$/;

const invalid = (message: string): ParsedRotationRules => ({ ok: false, error: { code: "InvalidParameterException", message } });

/** Model constraints, in AWS's validation format (the wire schema normally catches these first, with the same text). */
function modelViolation(rules: RotationRulesInput): ScheduleError | undefined {
  const problems: string[] = [];
  const days = rules.AutomaticallyAfterDays;
  if (days !== undefined) {
    if (!Number.isInteger(days)) problems.push(`Value '${days}' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must be an integer`);
    else if (days < 1) problems.push(`Value '${days}' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must have value greater than or equal to 1`);
    else if (days > 1000) problems.push(`Value '${days}' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: Member must have value less than or equal to 1000`);
  }
  const expr = rules.ScheduleExpression;
  if (expr !== undefined) {
    const at = `Value '${expr.slice(0, 256)}' at 'rotationRules.scheduleExpression' failed to satisfy constraint: Member must`;
    if (expr.length < 1) problems.push(`${at} have length greater than or equal to 1`);
    else if (expr.length > 256) problems.push(`${at} have length less than or equal to 256`);
    else if (!EXPRESSION_PATTERN.test(expr)) problems.push(`${at} satisfy regular expression pattern: [0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+`);
  }
  const duration = rules.Duration;
  if (duration !== undefined) {
    const at = `Value '${duration.slice(0, 256)}' at 'rotationRules.duration' failed to satisfy constraint: Member must`;
    if (duration.length < 2) problems.push(`${at} have length greater than or equal to 2`);
    else if (duration.length > 3) problems.push(`${at} have length less than or equal to 3`);
    else if (!/^[0-9]+h$/.test(duration)) problems.push(`${at} satisfy regular expression pattern: [0-9]+h`);
  }
  if (problems.length === 0) return undefined;
  const count = problems.length === 1 ? "1 validation error detected" : `${problems.length} validation errors detected`;
  return { code: "ValidationException", message: `${count}: ${problems.join("; ")}` };
}

type Base = { kind: "days"; days: number } | { kind: "hours"; hours: number } | { kind: "cron"; cron: CronSchedule };

function parseExpression(expression: string): Base | string {
  const rate = /^rate\(\s*(\d{1,4})\s+(hours?|days?)\s*\)$/i.exec(expression.trim());
  if (rate !== null) {
    const n = Number(rate[1]);
    const unit = (rate[2] ?? "").toLowerCase();
    if (unit.startsWith("hour")) {
      if (n < MIN_INTERVAL_HOURS) return "You can rotate a secret at most every four hours: rate() in hours must be at least 4 hours.";
      if (n > 23) return "Invalid ScheduleExpression: rate() in hours must be at most 23 hours; use days for longer periods.";
      return { kind: "hours", hours: n };
    }
    if (n < 1 || n > MAX_RATE_DAYS) return `Invalid ScheduleExpression: rate() in days must be between 1 and ${MAX_RATE_DAYS} days.`;
    return { kind: "days", days: n };
  }
  const cron = /^cron\((.*)\)$/i.exec(expression.trim());
  if (cron !== null) {
    const parsed = parseCron(cron[1] ?? "");
    if (!parsed.ok) return `Invalid ScheduleExpression: ${parsed.reason}.`;
    return { kind: "cron", cron: parsed.value };
  }
  return "Invalid ScheduleExpression: use rate(N hours), rate(N days) or cron(Minutes Hours Day-of-month Month Day-of-week Year).";
}

/** The hours of the day windows open at, or undefined for a schedule in days that opens once a day. */
function hourlyStarts(base: Base): readonly number[] | undefined {
  if (base.kind === "hours") return Array.from({ length: Math.ceil(24 / base.hours) }, (_, k) => k * base.hours);
  if (base.kind === "cron" && base.cron.hours.length > 1) return base.cron.hours;
  return undefined;
}

export function parseRotationRules(rules: RotationRulesInput): ParsedRotationRules {
  const violation = modelViolation(rules);
  if (violation !== undefined) return { ok: false, error: violation };
  const { AutomaticallyAfterDays: days, ScheduleExpression: expression, Duration: duration } = rules;
  // The text AWS answers with (hashicorp/terraform-provider-aws#33329).
  if (days !== undefined && expression !== undefined) return invalid("You cannot specify both rotation frequency and schedule expression together.");
  if (days === undefined && expression === undefined) return invalid("You must specify either AutomaticallyAfterDays or ScheduleExpression in RotationRules.");
  let base: Base;
  if (days !== undefined) base = { kind: "days", days };
  else {
    const parsed = parseExpression(expression ?? "");
    if (typeof parsed === "string") return invalid(parsed);
    base = parsed;
  }
  const hourly = hourlyStarts(base);
  if (hourly !== undefined && base.kind === "cron") {
    for (let i = 1; i < hourly.length; i++) {
      if ((hourly[i] ?? 0) - (hourly[i - 1] ?? 0) < MIN_INTERVAL_HOURS) return invalid("You can rotate a secret at most every four hours: the Hours field opens windows less than four hours apart.");
    }
    // Across midnight only when consecutive days both fire; checked when every day does.
    const wrap = 24 - (hourly[hourly.length - 1] ?? 0) + (hourly[0] ?? 0);
    if (base.cron.everyDay && wrap < MIN_INTERVAL_HOURS) return invalid("You can rotate a secret at most every four hours: the last window of a day and the first of the next are less than four hours apart.");
  }
  const firstHour = base.kind === "cron" ? (base.cron.hours[0] ?? 0) : 0;
  const lastHour = hourly === undefined ? firstHour : (hourly[hourly.length - 1] ?? 0);
  let windowHours: number;
  if (duration === undefined) windowHours = hourly === undefined ? 24 - firstHour : 1;
  else {
    windowHours = Number(duration.slice(0, -1));
    if (windowHours < 1 || windowHours > 24) return invalid("The rotation window Duration must be between 1h and 24h.");
    if (lastHour + windowHours > 24) return invalid("The rotation window must not extend into the next UTC day: the start hour plus the Duration must be 24 hours or less.");
    if (hourly !== undefined) {
      const gap = Math.min(...hourly.slice(1).map((h, i) => h - (hourly[i] ?? 0)), base.kind === "hours" ? base.hours : 24);
      if (windowHours > gap) return invalid("The rotation window must not extend into the next rotation window: the Duration must not exceed the hours between rotations.");
    }
  }
  return { ok: true, schedule: { ...base, windowHours } as RotationSchedule };
}

const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** When the next window opens, from the last rotation (or the secret's creation, or when rotation was configured). */
function nextStart(schedule: RotationSchedule, lastMs: number): number {
  switch (schedule.kind) {
    case "days":
      return dayStart(lastMs) + schedule.days * DAY_MS;
    case "hours": {
      // The slot the last rotation fell in, then the first slot at least N hours later: never more often than every N hours.
      const day = dayStart(lastMs);
      const slot = day + Math.floor((lastMs - day) / (schedule.hours * HOUR_MS)) * schedule.hours * HOUR_MS;
      const earliest = slot + schedule.hours * HOUR_MS;
      const earliestDay = dayStart(earliest);
      const hourOfDay = (earliest - earliestDay) / HOUR_MS;
      const k = Math.ceil(hourOfDay / schedule.hours);
      return k * schedule.hours < 24 ? earliestDay + k * schedule.hours * HOUR_MS : earliestDay + DAY_MS;
    }
    case "cron": {
      // Strictly after the last rotation: a rotation inside a window uses that window up.
      const start = nextCronStart(schedule.cron, lastMs + 1);
      if (start === undefined) throw new Error("cron schedule never fires"); // parseRotationRules refuses these
      return start;
    }
  }
}

/** The next window after `lastRotatedOrCreated`; `overdue` when it closed before `now` with no rotation since. */
export function nextRotationWindow(schedule: RotationSchedule, lastRotatedOrCreated: Date, now: Date): RotationWindow {
  const start = nextStart(schedule, lastRotatedOrCreated.getTime());
  const end = start + schedule.windowHours * HOUR_MS;
  return { start: new Date(start), end: new Date(end), overdue: end <= now.getTime() };
}

/** Rotation is due once the next window has opened (including a window missed entirely). */
export function isDue(schedule: RotationSchedule, lastRotated: Date, now: Date): boolean {
  return now.getTime() >= nextRotationWindow(schedule, lastRotated, now).start.getTime();
}
