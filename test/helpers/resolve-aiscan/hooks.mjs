// Module resolution hooks registered by register.mjs (they run in Node's loader thread).
import { appendFileSync } from 'node:fs';

let index;
let trace;

export function initialize(data) {
  index = data.index;
  trace = data.trace;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = specifier === 'aiscan' && index ? { url: index, format: 'module', shortCircuit: true } : await nextResolve(specifier, context);
  if (trace) appendFileSync(trace, `${resolved.url}\n`);
  return resolved;
}
