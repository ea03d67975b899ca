import type { JsonPath } from '../estate.js';
import { get } from '../facts/read.js';
import { parsePath } from './finding.js';

/** A message template split once into its literal text and its placeholders' paths. */
type Template = (string | JsonPath)[];

const PLACEHOLDER = /\{([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)\}/g;
/** A value longer than this is cut in a message: a finding names what is wrong, it does not copy the resource. */
const MAX_VALUE_LENGTH = 1000;
const templates = new Map<string, Template>();

function compile(template: string): Template {
  let compiled = templates.get(template);
  if (!compiled) {
    compiled = [];
    let from = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      compiled.push(template.slice(from, match.index), parsePath(match[1]));
      from = match.index + match[0].length;
    }
    compiled.push(template.slice(from));
    if (templates.size < 10_000) templates.set(template, compiled);
  }
  return compiled;
}

/** Fills `{dotted.path}` placeholders from the document (names matched ignoring case) or `{parameters.x}`. */
export function fillMessage(template: string, document: unknown, parameters: Readonly<Record<string, unknown>>): string {
  let message = '';
  for (const part of compile(template)) {
    if (typeof part === 'string') {
      message += part;
      continue;
    }
    const value = part[0] === 'parameters' ? get(parameters, ...part.slice(1)) : get(document, ...part);
    message += formatValue(value);
  }
  return withoutEmbeddedLinks(message);
}

/**
 * SARIF viewers turn `[text](target)` in a plain-text message into a link (SARIF 2.1.0 §3.11.6,
 * "embedded links"), to any URI: a resource named `[Fix it here](https://…)` would be a link in a
 * security tool's own words. Messages never hold a link of aiscan's, so `](` is always split. It
 * is done here, once, so that every report and every baseline compares the same text.
 */
export function withoutEmbeddedLinks(message: string): string {
  return message.includes('](') ? message.replaceAll('](', '] (') : message;
}

function formatValue(value: unknown, depth = 0): string {
  if (value === undefined || value === null) return '(not set)';
  if (Array.isArray(value) && depth < 4) {
    if (value.length === 0) return '(none)';
    const shown = value.slice(0, 100).map((entry) => formatValue(entry, depth + 1)).join(', ');
    return cut(value.length > 100 ? `${shown}, …` : shown);
  }
  if (typeof value === 'object') {
    try {
      return cut(JSON.stringify(value));
    } catch {
      return '(too deeply nested to show)'; // JSON.stringify overflows the stack on thousands of levels
    }
  }
  return cut(String(value));
}

function cut(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}
