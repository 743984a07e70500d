/**
 * Cron expressions as both schedulers that run the library's backups read them: Kubernetes
 * CronJob (robfig/cron's standard parser: five fields, `*`, lists, ranges, steps, and the macros
 * `@yearly`, `@annually`, `@monthly`, `@weekly`, `@daily`, `@midnight`, `@hourly`;
 * https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax) and
 * CockroachDB's `RECURRING` (gorhill/cronexpr, which reads the same five fields and macros;
 * https://www.cockroachlabs.com/docs/stable/create-schedule-for-backup). Names of months and days
 * are left out (numbers only), so one expression means the same to both.
 */

/** The five fields: their names and the values each allows. */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 6 },
] as const;

/** The macros and the five fields each stands for (robfig/cron `parser.go`, `parseDescriptor`). */
const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A parsed expression: the allowed values of each field, and whether day fields were `*`. */
export interface CronFields {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly daysOfWeek: ReadonlySet<number>;
  /** Whether day of month was `*` (or `?`): then both day fields must match, else either may. */
  readonly anyDayOfMonth: boolean;
  readonly anyDayOfWeek: boolean;
}

/** What is wrong with `expression` as a cron expression, or undefined when both schedulers accept it. */
export function cronProblem(expression: string): string | undefined {
  const parsed = parseCron(expression);
  return typeof parsed === 'string' ? parsed : undefined;
}

/** The fields of `expression`, or what is wrong with it. */
export function parseCron(expression: string): CronFields | string {
  if (typeof expression !== 'string') return `is a ${typeof expression}, not a cron expression`;
  const text = MACROS[expression.trim()] ?? expression.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) {
    return `has ${parts.length} field${parts.length === 1 ? '' : 's'}; a cron expression has five (minute hour day-of-month month day-of-week, e.g. "0 2 * * 0") or is a macro (${Object.keys(MACROS).join(', ')})`;
  }
  const sets: Set<number>[] = [];
  for (const [i, part] of parts.entries()) {
    const field = FIELDS[i];
    const values = parseField(part, field.min, field.max);
    if (typeof values === 'string') return `has ${field.name} field "${part}": ${values}`;
    sets.push(values);
  }
  return {
    minutes: sets[0],
    hours: sets[1],
    daysOfMonth: sets[2],
    months: sets[3],
    daysOfWeek: sets[4],
    anyDayOfMonth: parts[2] === '*' || parts[2] === '?',
    anyDayOfWeek: parts[4] === '*' || parts[4] === '?',
  };
}

function parseField(part: string, min: number, max: number): Set<number> | string {
  const out = new Set<number>();
  for (const item of part.split(',')) {
    const m = /^(\*|\?|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(item);
    if (m === null) return `"${item}" is not *, a number, a range a-b, or one of them with a step /n (numbers only, no names)`;
    const [, whole, first, last, step] = m;
    const all = whole === '*' || whole === '?';
    const from = all ? min : Number(first);
    const to = all ? max : last !== undefined ? Number(last) : step !== undefined ? max : from;
    const by = step !== undefined ? Number(step) : 1;
    if (from < min || to > max || from > to) return `${item} is outside ${min}-${max}`;
    if (by < 1) return `step ${step} must be at least 1`;
    for (let v = from; v <= to; v += by) out.add(v);
  }
  return out;
}

/** How many years of firings `longestGapMinutes` looks at: four, so a leap day is among them. */
const WINDOW_YEARS = 4;

/**
 * The longest time between two firings of any of `expressions` (in UTC), in minutes, over four
 * years from 2027-01-01: with a full and an incremental schedule, the worst-case age of the newest
 * backup of either kind just before the next one starts (full on Sundays and incrementals Monday
 * to Saturday leave a day, not the incrementals' two days from Saturday to Monday). Undefined
 * when none fires in that window (or an expression is no cron expression), and the whole window
 * when they fire once in all.
 */
export function longestGapMinutes(...expressions: string[]): number | undefined {
  const parsed = expressions.map(parseCron);
  if (parsed.some((f) => typeof f === 'string')) return undefined;
  const schedules = (parsed as CronFields[]).map((fields) => ({
    fields,
    minutesOfDay: [...fields.hours].flatMap((h) => [...fields.minutes].map((m) => h * 60 + m)),
  }));
  const start = Date.UTC(2027, 0, 1);
  const end = Date.UTC(2027 + WINDOW_YEARS, 0, 1);
  let previous: number | undefined;
  let first: number | undefined;
  let longest = 0;
  for (let day = start; day < end; day += 86_400_000) {
    const date = new Date(day);
    const firings = new Set<number>();
    for (const { fields, minutesOfDay } of schedules) {
      if (!fields.months.has(date.getUTCMonth() + 1)) continue;
      const domMatch = fields.daysOfMonth.has(date.getUTCDate());
      const dowMatch = fields.daysOfWeek.has(date.getUTCDay());
      const dayMatches = fields.anyDayOfMonth || fields.anyDayOfWeek ? domMatch && dowMatch : domMatch || dowMatch;
      if (dayMatches) for (const m of minutesOfDay) firings.add(m);
    }
    for (const m of [...firings].sort((a, b) => a - b)) {
      const at = day / 60_000 + m;
      if (previous !== undefined) longest = Math.max(longest, at - previous);
      first ??= at;
      previous = at;
    }
  }
  if (first === undefined || previous === undefined) return undefined;
  if (first === previous) return (end - start) / 60_000;
  return longest;
}
