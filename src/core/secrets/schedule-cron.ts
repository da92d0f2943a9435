/**
 * Secrets Manager's cron(): cron(Minutes Hours Day-of-month Month Day-of-week Year), UTC, as the
 * User Guide's "Rotation schedules" page describes it: Minutes must be 0 (windows open on the
 * hour), Year must be * (no schedule more than a year apart), one of the two day fields is `?`.
 * Wildcards: Hours `, - * /`; Day-of-month `, - * ? / L`; Month `, - * /` (JAN–DEC);
 * Day-of-week `# , - * ? / L` (1–7 = SUN–SAT, `TUE#3`, `FRIL`). Pure: no clock.
 */

export type DayOfMonth = { readonly kind: "any" } | { readonly kind: "set"; readonly days: ReadonlySet<number> } | { readonly kind: "last" };
export type DayOfWeek =
  | { readonly kind: "any" }
  | { readonly kind: "set"; readonly days: ReadonlySet<number> }
  | { readonly kind: "nth"; readonly day: number; readonly n: number }
  | { readonly kind: "last"; readonly day: number };

export interface CronSchedule {
  /** The hours a window opens, ascending. */
  readonly hours: readonly number[];
  readonly dayOfMonth: DayOfMonth;
  readonly months: ReadonlySet<number>;
  readonly dayOfWeek: DayOfWeek;
  /** True when Day-of-month and Day-of-week both let every day through. */
  readonly everyDay: boolean;
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function value(token: string, min: number, max: number, names: readonly string[] | undefined, field: string): number | string {
  const named = names?.indexOf(token.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + 1 : /^\d{1,2}$/.test(token) ? Number(token) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return `'${token}' is not a valid ${field} value (${min}-${max}${names === undefined ? "" : ` or ${names[0]}-${names[names.length - 1]}`})`;
  return n;
}

/** A list of `*`, `a`, `a-b`, each optionally `/step`. */
function listField(text: string, min: number, max: number, names: readonly string[] | undefined, field: string): Parsed<Set<number>> {
  const out = new Set<number>();
  for (const item of text.split(",")) {
    const m = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d{1,3}))?$/.exec(item);
    if (m === null) return fail(`'${item}' is not valid in the ${field} field`);
    const [, range = "", stepText] = m;
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a = "", b] = range.split("-");
      const from = value(a, min, max, names, field);
      if (typeof from === "string") return fail(from);
      const to = b === undefined ? (stepText === undefined ? from : max) : value(b, min, max, names, field);
      if (typeof to === "string") return fail(to);
      if (to < from) return fail(`the range '${range}' in the ${field} field runs backwards`);
      [lo, hi] = [from, to];
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return fail(`the increment in '${item}' must be at least 1`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return { ok: true, value: out };
}

function dayOfMonthField(text: string): Parsed<DayOfMonth> {
  if (text === "?") return { ok: true, value: { kind: "any" } };
  if (text === "L") return { ok: true, value: { kind: "last" } };
  const set = listField(text, 1, 31, undefined, "Day-of-month");
  return set.ok ? { ok: true, value: { kind: "set", days: set.value } } : set;
}

function dayOfWeekField(text: string): Parsed<DayOfWeek> {
  if (text === "?") return { ok: true, value: { kind: "any" } };
  // L alone is the last day of the week (SAT), as in EventBridge's cron.
  if (text === "L") return { ok: true, value: { kind: "set", days: new Set([7]) } };
  const nth = /^([0-9A-Za-z]+)#(\d)$/.exec(text);
  if (nth !== null) {
    const day = value(nth[1] ?? "", 1, 7, DAYS, "Day-of-week");
    if (typeof day === "string") return fail(day);
    const n = Number(nth[2]);
    if (n < 1 || n > 5) return fail(`'${text}': the occurrence after # must be 1-5`);
    return { ok: true, value: { kind: "nth", day, n } };
  }
  const last = /^([0-9A-Za-z]+?)L$/.exec(text);
  if (last !== null) {
    const day = value(last[1] ?? "", 1, 7, DAYS, "Day-of-week");
    if (typeof day === "string") return fail(day);
    return { ok: true, value: { kind: "last", day } };
  }
  const set = listField(text, 1, 7, DAYS, "Day-of-week");
  return set.ok ? { ok: true, value: { kind: "set", days: set.value } } : set;
}

export function parseCron(body: string): Parsed<CronSchedule> {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) return fail("a cron expression has six fields: Minutes Hours Day-of-month Month Day-of-week Year");
  const [minutes = "", hoursText = "", domText = "", monthText = "", dowText = "", year = ""] = fields;
  if (minutes !== "0") return fail("the Minutes field must be 0, because rotation windows open on the hour");
  if (year !== "*") return fail("the Year field must be *");
  if ((domText === "?") === (dowText === "?")) return fail("use ? in exactly one of the Day-of-month and Day-of-week fields");
  const hours = listField(hoursText, 0, 23, undefined, "Hours");
  if (!hours.ok) return hours;
  const dom = dayOfMonthField(domText);
  if (!dom.ok) return dom;
  const months = listField(monthText, 1, 12, MONTHS, "Month");
  if (!months.ok) return months;
  const dow = dayOfWeekField(dowText);
  if (!dow.ok) return dow;
  const everyDay = (domText === "*" || domText === "?") && (dowText === "*" || dowText === "?") && months.value.size === 12;
  const schedule: CronSchedule = { hours: [...hours.value].sort((a, b) => a - b), dayOfMonth: dom.value, months: months.value, dayOfWeek: dow.value, everyDay };
  // 28 years hold every weekday/leap-year combination: an expression silent that long never fires (e.g. 30 FEB).
  if (nextCronStart(schedule, Date.UTC(2000, 0, 1), 28 * 366) === undefined) return fail("the expression never matches a date");
  return { ok: true, value: schedule };
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

export function cronMatchesDay(schedule: CronSchedule, dayStartMs: number): boolean {
  const d = new Date(dayStartMs);
  const day = d.getUTCDate();
  const month0 = d.getUTCMonth();
  if (!schedule.months.has(month0 + 1)) return false;
  const length = daysInMonth(d.getUTCFullYear(), month0);
  const dom = schedule.dayOfMonth;
  if (dom.kind === "set") return dom.days.has(day);
  if (dom.kind === "last") return day === length;
  const weekday = d.getUTCDay() + 1;
  const dow = schedule.dayOfWeek;
  switch (dow.kind) {
    case "any":
      return true;
    case "set":
      return dow.days.has(weekday);
    case "nth":
      return weekday === dow.day && Math.ceil(day / 7) === dow.n;
    case "last":
      return weekday === dow.day && day + 7 > length;
  }
}

/** The first hour at or after `fromMs` (rounded up to the hour) at which a window opens; undefined if none within `maxDays`. */
export function nextCronStart(schedule: CronSchedule, fromMs: number, maxDays = 28 * 366): number | undefined {
  const from = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const firstDay = Math.floor(from / DAY_MS) * DAY_MS;
  for (let i = 0; i <= maxDays; i++) {
    const dayStart = firstDay + i * DAY_MS;
    if (!cronMatchesDay(schedule, dayStart)) continue;
    for (const hour of schedule.hours) {
      const start = dayStart + hour * HOUR_MS;
      if (start >= from) return start;
    }
  }
  return undefined;
}
