/**
 * .NET composite formatting, which ARM's `format()` uses: `{index[,alignment][:format]}`, `{{` and
 * `}}` for braces, the invariant culture. Integers take the standard numeric formats scans meet
 * (`N`, `D`, `X`, `F`, `G`, `P`, with a precision); a format aiscan does not evaluate makes the
 * result Unknown rather than a guess. Strings ignore the format, booleans are `True`/`False`,
 * null is empty, and objects and arrays are JSON with single-quoted strings, as ARM writes them.
 */
import { isArray, isObject, known, toJson, type Value } from '../values.js';

/** A format item aiscan cannot reproduce exactly. */
export class UnsupportedFormat extends Error {}

export class MalformedFormat extends Error {}

export function compositeFormat(format: string, args: readonly Value[]): string {
  let result = '';
  let i = 0;
  while (i < format.length) {
    const char = format[i];
    if (char === '}') {
      if (format[i + 1] !== '}') throw new MalformedFormat(`a '}' at character ${i + 1} closes no format item (write '}}' for the character)`);
      result += '}';
      i += 2;
      continue;
    }
    if (char !== '{') {
      result += char;
      i++;
      continue;
    }
    if (format[i + 1] === '{') {
      result += '{';
      i += 2;
      continue;
    }
    const end = format.indexOf('}', i);
    if (end === -1) throw new MalformedFormat(`the format item at character ${i + 1} has no closing '}' (write '{{' for the character)`);
    const item = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(format.slice(i + 1, end));
    if (!item) throw new MalformedFormat(`the format item ${JSON.stringify(format.slice(i, end + 1))} is not {index[,alignment][:format]}`);
    const index = Number(item[1]);
    if (index >= args.length) {
      throw new MalformedFormat(`the format item {${index}} refers to argument ${index + 1} after the format string, and there ${args.length === 1 ? 'is 1' : `are ${args.length}`}`);
    }
    const text = formatValue(args[index], item[3]);
    const width = item[2] === undefined ? 0 : Number(item[2]);
    result += width >= 0 ? text.padStart(width) : text.padEnd(-width);
    i = end + 1;
  }
  return result;
}

function formatValue(value: Value, specifier: string | undefined): string {
  const v = known(value);
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (isArray(v) || isObject(v)) return toJson(v, "'");
  return specifier === undefined || specifier === '' ? String(v) : formatNumber(v, specifier);
}

function formatNumber(value: number, specifier: string): string {
  const standard = /^([A-Za-z])(\d{0,2})$/.exec(specifier);
  if (!standard) throw new UnsupportedFormat(`the custom numeric format ${JSON.stringify(specifier)}`);
  const [, letter, digits] = standard;
  const precision = digits === '' ? undefined : Number(digits);
  switch (letter.toUpperCase()) {
    case 'N':
      return grouped(value, precision ?? 2);
    case 'F':
      return fixed(value, precision ?? 2);
    case 'P':
      return `${grouped(value * 100, precision ?? 2)} %`;
    case 'D':
      if (!Number.isInteger(value)) throw new UnsupportedFormat(`the format ${specifier} for the number ${value}, which is not an integer`);
      return (value < 0 ? '-' : '') + String(Math.abs(value)).padStart(precision ?? 0, '0');
    case 'X': {
      if (!Number.isInteger(value)) throw new UnsupportedFormat(`the format ${specifier} for the number ${value}, which is not an integer`);
      // Negative integers are written in two's complement of ARM's 64 bits, as .NET writes a long.
      const hex = BigInt.asUintN(64, BigInt(value)).toString(16).padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    case 'G':
      if (precision === undefined || Number.isInteger(value)) return String(value);
      return String(Number(value.toPrecision(precision)));
    default:
      throw new UnsupportedFormat(`the numeric format ${JSON.stringify(specifier)}`);
  }
}

function fixed(value: number, decimals: number): string {
  return roundAwayFromZero(value, decimals);
}

function grouped(value: number, decimals: number): string {
  const text = roundAwayFromZero(value, decimals);
  const negative = text.startsWith('-');
  const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
  const withSeparators = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${withSeparators}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** .NET rounds a midpoint away from zero when it formats; JavaScript's toFixed rounds the binary value. */
function roundAwayFromZero(value: number, decimals: number): string {
  if (Number.isInteger(value)) return decimals === 0 ? String(value) : `${value}.${'0'.repeat(decimals)}`;
  const factor = 10 ** decimals;
  const rounded = Math.sign(value) * Math.round(Math.abs(value) * factor + Number.EPSILON) / factor;
  return rounded.toFixed(decimals);
}
