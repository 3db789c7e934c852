/**
 * The schedules a State Manager association accepts, as a pure check: a value that fails here would fail
 * CreateAssociation, or run the association once and never again. No Pulumi imports.
 *
 * Sources:
 * - "Reference: Cron and rate expressions for Systems Manager", section "Cron and rate expressions for associations"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/reference-cron-and-rate-expressions.html):
 *   rate expressions of 30 minutes or more and less than 31 days, the value 1 with a singular unit and any other
 *   value with a plural one; cron expressions every 1/2, 1, 2, 4, 8 or 12 hours, or at a time every day, every week,
 *   on the nth weekday (`TUE#3`) or the last weekday (`3L`) of the month; no months; an optional seconds field of 0;
 *   `at(...)` runs once.
 * - CreateAssociation `ScheduleExpression`: 1 to 256 characters
 *   (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_CreateAssociation.html).
 * - "Scheduling automations with State Manager associations"
 *   (https://docs.aws.amazon.com/systems-manager/latest/userguide/scheduling-automations-state-manager-associations.html):
 *   rate expressions are the preferred schedule of an association that runs a runbook (Systems Manager retries
 *   shortly after concurrent automations were throttled), and "No schedule" runs the association one time.
 */

/** CreateAssociation's longest `ScheduleExpression`. */
export const MAX_SCHEDULE_LENGTH = 256;
/** The shortest interval State Manager runs an association at, in minutes. */
export const MIN_INTERVAL_MINUTES = 30;
/** Rate intervals must be shorter than this many days. */
export const RATE_DAYS_BELOW = 31;

const MINUTES_PER: Readonly<Record<string, number>> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };

/** What is wrong with a rate expression, or `undefined` for one State Manager accepts. */
function rateProblem(value: number, unit: string): string | undefined {
  if ((value === 1) !== !unit.endsWith("s")) {
    return value === 1 ? `uses a plural unit with 1: write rate(1 ${unit.replace(/s$/, "")})` : `uses a singular unit with ${value}: write rate(${value} ${unit}s)`;
  }
  const minutes = value * MINUTES_PER[unit];
  if (minutes < MIN_INTERVAL_MINUTES) return `is shorter than ${MIN_INTERVAL_MINUTES} minutes, which State Manager refuses for an association`;
  if (minutes >= RATE_DAYS_BELOW * MINUTES_PER.day) return `is not shorter than ${RATE_DAYS_BELOW} days, which State Manager refuses for an association (at most rate(30 days))`;
  return undefined;
}

const MINUTE = "([0-9]|[1-5][0-9])";
const HOUR = "([0-9]|1[0-9]|2[0-3])";
const DAY_NAME = "(SUN|MON|TUE|WED|THU|FRI|SAT|[1-7])";
/** Minutes, hours, day of month, day of week: the forms the association section lists. */
const CRON_FORMS: readonly RegExp[] = [
  // Every 30 minutes.
  /^(0|\*)\/30 \* (\* \?|\? \*)$/,
  // Every 1/2, 1, 2, 4, 8 or 12 hours, at a minute of the hour.
  new RegExp(`^${MINUTE} ((0|\\*)/(1|2|4|8|12)|\\*) (\\* \\?|\\? \\*)$`),
  // Every day at a time.
  new RegExp(`^${MINUTE} ${HOUR} (\\* \\?|\\? \\*)$`),
  // Every week at a time, on the nth weekday of the month (TUE#3), or on the last such weekday (3L).
  new RegExp(`^${MINUTE} ${HOUR} \\? ${DAY_NAME}(#[1-5]|L)?$`),
];

/** What is wrong with the fields inside `cron(...)`, or `undefined` for an expression State Manager accepts. */
function cronProblem(fields: readonly string[]): string | undefined {
  // Optional seconds (0 only), then minutes, hours, day of month, month, day of week, and an optional year.
  const withSeconds = fields.length === 7;
  if (fields.length < 5 || fields.length > 7) return "is not a cron expression: it needs minutes, hours, day of month, month and day of week (and optionally a year)";
  if (withSeconds && fields[0] !== "0") return "gives seconds other than 0, which State Manager refuses for an association";
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = withSeconds ? fields.slice(1) : fields;
  if (month !== "*") return "names months, which State Manager does not support in an association's cron expression";
  if (year !== undefined && year !== "*") return "names years, which State Manager does not support in an association's cron expression";
  const schedule = `${minutes} ${hours} ${dayOfMonth} ${dayOfWeek}`;
  return CRON_FORMS.some((form) => form.test(schedule))
    ? undefined
    : "is not one of the cron schedules State Manager accepts for an association: every 30 minutes; every 1, 2, 4, 8 or 12 hours; or at a time every day, every week (MON), on the nth weekday of the month (TUE#3) or on its last one (3L)";
}

/**
 * What is wrong with an association schedule, completing "<key>: <value> ...", or `undefined` for one State Manager
 * accepts and that runs more than once.
 */
export function associationScheduleProblem(expression: string): string | undefined {
  if (expression.length > MAX_SCHEDULE_LENGTH) return `has ${expression.length} characters; State Manager takes at most ${MAX_SCHEDULE_LENGTH}`;
  if (/^at\(.*\)$/.test(expression)) return "runs the association once, so servers tagged later would never be served: give a rate(...) or cron(...) schedule";
  const rate = /^rate\(([1-9][0-9]{0,5}) (minutes?|hours?|days?)\)$/.exec(expression);
  if (rate !== null) return rateProblem(Number(rate[1]), rate[2]);
  const cron = /^cron\((.+)\)$/.exec(expression);
  if (cron !== null) return cronProblem(cron[1].split(" "));
  return "is not a schedule: rate(<n> minutes|hours|days), e.g. rate(1 day), or cron(...), e.g. cron(0 2 ? * SUN *)";
}
