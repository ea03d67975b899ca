/**
 * Helm templates are Go templates, not YAML: what `helm template` renders from them is what to
 * scan. But a file is not a template for saying `{{` somewhere: `kubectl apply -f` reads its
 * documents in order and applies each one it can parse, up to the first it cannot. So a template
 * is read the same way (readManifests' `template` mode), and only what kubectl would stop at is
 * left out: a Pod followed by a `{{- if .Values.x }}` document is a Pod.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const WINDOW_BYTES = 64 * 1024;

/**
 * A template action on a line of its own (`{{- if .Values.gpu }}`) in the text given (the file's
 * head), or any `{{` in a file under `templates/` of a folder holding a Chart.yaml. Standard input
 * (no file) is told by its text alone.
 */
export function looksLikeHelmTemplate(file: string | undefined, head: string): boolean {
  return /^\{\{/m.test(head) || (file !== undefined && isHelmChartTemplate(file) && fileHolds(file, '{{'));
}

/** In `templates/` (at any depth) of a folder holding a Chart.yaml. */
function isHelmChartTemplate(file: string): boolean {
  const parts = resolve(file).split(sep);
  for (let index = parts.length - 2; index > 0; index--) {
    if (parts[index] === 'templates' && existsSync([...parts.slice(0, index), 'Chart.yaml'].join(sep))) return true;
  }
  return false;
}

/** Whether the file's bytes hold `needle` (ASCII), read a window at a time: a template can be large. */
function fileHolds(file: string, needle: string): boolean {
  const descriptor = openSync(file, 'r');
  try {
    const window = Buffer.alloc(WINDOW_BYTES + needle.length - 1);
    // Each read starts with the last needle.length - 1 bytes of the one before: a needle across two reads is found.
    for (let position = 0, kept = 0; ; ) {
      const read = readSync(descriptor, window, kept, window.length - kept, position);
      if (read === 0) return false;
      const filled = kept + read;
      if (window.subarray(0, filled).includes(needle, 0, 'latin1')) return true;
      position += read;
      kept = Math.min(needle.length - 1, filled);
      window.copy(window, 0, filled - kept, filled);
    }
  } finally {
    closeSync(descriptor);
  }
}
