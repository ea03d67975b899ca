import { get } from '../facts/read.js';
import { parsePath } from './finding.js';

/** Fills `{dotted.path}` placeholders from the document (names matched ignoring case) or `{parameters.x}`. */
export function fillMessage(template: string, document: unknown, parameters: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)\}/g, (_, path: string) => {
    const segments = parsePath(path);
    const value = segments[0] === 'parameters' ? get(parameters, ...segments.slice(1)) : get(document, ...segments);
    return formatValue(value);
  });
}

function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '(not set)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(formatValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
