import { visibleText, type TextShape } from '../../text/visible-text.js';

/**
 * Escapes text for HTML element content and quoted attribute values alike. Text from the estate,
 * the rules or the configuration only reaches the page through here (the `html` template below
 * calls it for every value): markup cannot start, and line breaks and invisible characters go
 * through `visibleText` (a bidi override in a name would reorder what the reader sees).
 */
export function esc(text: string | number, shape: TextShape = 'line'): string {
  return visibleText(String(text), shape)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Only http(s) links are ever emitted, so a crafted URL cannot become `javascript:`. */
export function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Text shown as a block (evidence, commands): its line breaks are kept. */
export function block(text: string): Html {
  return new Html(esc(text, 'block'));
}

/** Tagged template that escapes every interpolated value unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((value, index) => {
    out += render(value) + strings[index + 1];
  });
  return new Html(out);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return esc(String(value));
}
