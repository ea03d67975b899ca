/**
 * Date functions (template-functions-date.md). `utcNow()` is the time of the deployment: Unknown
 * to a scan, unless the context gives the time for a place ARM allows it (a parameter's default).
 * Times are UTC to the millisecond; written without a format they are ISO 8601 to the second,
 * as ARM writes `dateTimeAdd()` and `dateTimeFromEpoch()` results (2023-04-01T01:00:38Z).
 */
import { exactInteger, intArg, stringArg } from './arguments.js';
import { UnsupportedFormat } from './composite-format.js';
import { formatDateTime } from './date-format.js';
import { fn, type FunctionDefinition, type Invocation } from './function.js';

/** The range .NET's DateTime holds: years 1 to 9999. */
const MIN_TIME = utc(1, 0, 1);
const MAX_TIME = utc(9999, 11, 31, 23, 59, 59, 999);

export const DATE_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('utcNow', [0, 1], (args, at) => {
    const format = args.length > 0 ? stringArg(args, 0, at) : 'yyyyMMddTHHmmssZ';
    const now = at.context.utcNow?.();
    if (now === undefined) return at.unknown('utcNow() is the time of the deployment');
    return formatted(now, format, at);
  }),
  fn('dateTimeAdd', [2, 3], (args, at) => {
    const base = parseDateTime(stringArg(args, 0, at), at);
    const result = addDuration(base, stringArg(args, 1, at), at);
    return args.length > 2 ? formatted(result, stringArg(args, 2, at), at) : iso(result);
  }),
  fn('dateTimeFromEpoch', 1, (args, at) => {
    const seconds = intArg(args, 0, at);
    return iso(inRange(seconds * 1000, at));
  }),
  fn('dateTimeToEpoch', 1, (args, at) => exactInteger(Math.floor(parseDateTime(stringArg(args, 0, at), at).getTime() / 1000), at)),
];

/** Date.UTC, without its reading of the years 0 to 99 as 1900 to 1999. */
function utc(year: number, month: number, day: number, hours = 0, minutes = 0, seconds = 0, milliseconds = 0): number {
  const date = new Date(Date.UTC(2000, 0, 1, hours, minutes, seconds, milliseconds));
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

function inRange(time: number, at: Invocation): Date {
  if (!(time >= MIN_TIME && time <= MAX_TIME)) at.fail('gives a time outside the years 1 to 9999');
  return new Date(time);
}

function iso(date: Date): string {
  const text = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${text.slice(0, 19)}Z` : text.replace(/0+Z$/, 'Z');
}

function formatted(date: Date, format: string, at: Invocation): string {
  try {
    return formatDateTime(date, format);
  } catch (error) {
    if (error instanceof UnsupportedFormat) return at.fail(`cannot write ${error.message}`);
    throw error;
  }
}

// ISO 8601 as ARM reads it: extended (2020-04-07T14:53:14Z, a space for the T too, an offset)
// or basic (20190305T175318Z, what utcNow() writes by default). A time without a zone is UTC.
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d+))?(Z)?$/i;

function parseDateTime(text: string, at: Invocation): Date {
  const match = EXTENDED.exec(text.trim()) ?? BASIC.exec(text.trim());
  if (!match) return at.fail(`expects an ISO 8601 date and time, like 2023-03-31T01:00:38Z, not ${JSON.stringify(text)}`);
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] = match;
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  let time = utc(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), milliseconds);
  const check = new Date(time);
  if (check.getUTCDate() !== Number(day) || check.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    return at.fail(`expects a date and time that exists, not ${JSON.stringify(text)}`);
  }
  if (zone.toUpperCase() !== 'Z') {
    const [, sign, hours, minutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    time -= (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
  }
  return inRange(time, at);
}

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/**
 * An ISO 8601 duration, negative with a leading `-`: years and months move the calendar (a month
 * after January 31 is the last day of February, as .NET's AddMonths), the rest adds time.
 */
function addDuration(base: Date, duration: string, at: Invocation): Date {
  const match = DURATION.exec(duration.trim());
  if (!match || !/\d/.test(duration) || /T$/i.test(duration.trim())) {
    return at.fail(`expects an ISO 8601 duration, like P1D or -PT1H30M, not ${JSON.stringify(duration)}`);
  }
  const [, negative, years = '0', months = '0', weeks = '0', days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const sign = negative ? -1 : 1;
  const calendar = new Date(base.getTime());
  const totalMonths = sign * (Number(years) * 12 + Number(months));
  if (totalMonths !== 0) {
    const day = calendar.getUTCDate();
    calendar.setUTCDate(1);
    calendar.setUTCMonth(calendar.getUTCMonth() + totalMonths);
    const lastDay = new Date(utc(calendar.getUTCFullYear(), calendar.getUTCMonth() + 1, 0)).getUTCDate();
    calendar.setUTCDate(Math.min(day, lastDay));
  }
  const milliseconds = ((Number(weeks) * 7 + Number(days)) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds.replace(',', '.'))) * 1000;
  return inRange(calendar.getTime() + sign * Math.round(milliseconds), at);
}
