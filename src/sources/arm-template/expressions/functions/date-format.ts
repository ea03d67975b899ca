/**
 * .NET date and time format strings in the invariant culture, as `utcNow()` and `dateTimeAdd()`
 * take them: the standard one-letter formats (`d` is 03/05/2019, `u` is 2019-03-05 17:53:18Z) and
 * the custom specifiers (`yyyy-MM-dd`, `M d`, `HH:mm`). Times are UTC, to the millisecond.
 */
import { UnsupportedFormat } from './composite-format.js';

const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  o: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  O: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function formatDateTime(date: Date, format: string): string {
  if (format.length === 1) {
    const pattern = STANDARD[format];
    if (pattern === undefined) throw new UnsupportedFormat(`the date format ${JSON.stringify(format)}`);
    return formatCustom(date, pattern);
  }
  return formatCustom(date, format.startsWith('%') && format.length === 2 ? format.slice(1) : format);
}

function formatCustom(date: Date, format: string): string {
  let result = '';
  let i = 0;
  while (i < format.length) {
    const char = format[i];
    if (char === "'" || char === '"') {
      const end = format.indexOf(char, i + 1);
      if (end === -1) throw new UnsupportedFormat(`the date format ${JSON.stringify(format)}, whose quote is not closed`);
      result += format.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (char === '\\') {
      result += format[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (char === '%') {
      i++;
      continue;
    }
    let run = 1;
    while (format[i + run] === char) run++;
    const text = specifier(date, char, run);
    result += text ?? format.slice(i, i + run);
    i += run;
  }
  return result;
}

/** A run of one specifier letter; undefined for a character that is written as it is. */
function specifier(date: Date, char: string, count: number): string | undefined {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const hours = date.getUTCHours();
  switch (char) {
    case 'y': {
      const year = date.getUTCFullYear();
      return count === 1 ? String(year % 100) : count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case 'M': {
      const month = date.getUTCMonth();
      return count === 1 ? String(month + 1) : count === 2 ? pad(month + 1, 2) : count === 3 ? MONTHS[month].slice(0, 3) : MONTHS[month];
    }
    case 'd': {
      if (count >= 3) return count === 3 ? DAYS[date.getUTCDay()].slice(0, 3) : DAYS[date.getUTCDay()];
      return pad(date.getUTCDate(), count);
    }
    case 'H':
      return pad(hours, Math.min(count, 2));
    case 'h':
      return pad(hours % 12 === 0 ? 12 : hours % 12, Math.min(count, 2));
    case 'm':
      return pad(date.getUTCMinutes(), Math.min(count, 2));
    case 's':
      return pad(date.getUTCSeconds(), Math.min(count, 2));
    case 'f':
    case 'F': {
      if (count > 7) throw new UnsupportedFormat(`the date format with ${count} ${char} digits`);
      const digits = pad(date.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, count);
      return char === 'f' ? digits : digits.replace(/0+$/, '');
    }
    case 't':
      return (hours < 12 ? 'AM' : 'PM').slice(0, count === 1 ? 1 : 2);
    case 'K':
      return 'Z';
    case 'z':
      return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
    case 'g':
      return 'A.D.';
    default:
      return undefined;
  }
}
