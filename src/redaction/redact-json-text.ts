import { isMarker, redactText, redactUrlBeyondOrigin, type Tally } from './redact-text.js';
import { FIELDS, marker, SECRET_NAME, SECRET_NAME_WHY } from './secret-fields.js';

/**
 * `"name": "value"` in JSON text; the value may be cut off by the end of the text (an evidence
 * snippet stops after so many bytes), and is redacted all the same.
 */
const STRING_MEMBER = /"((?:[^"\\\r\n]|\\.){1,256})"(\s*:\s*)"((?:[^"\\]|\\.)*)("|\\?$)/g;
const WEBHOOK_WHY = 'webhook path and query, which may hold a secret';
/** A member name that may have a rule: most snippets have none, and the member pattern does not run on them. */
const CANDIDATE_NAME = /(?:password|passwd|pwd|passphrase|secret|token|key|connection[-_.]?string|customdata|userdata|commandtoexecute|script|serviceuri|protectedsettings)"\s*:/i;

/**
 * The same redaction as redactResource, on JSON text rather than parsed values: for text copied
 * out of a file that aiscan did not collect (an `az rest` output given to `scan --snapshot`),
 * such as the evidence snippet of a finding. String members are judged by their name (a
 * `serviceUri` is taken for a webhook's), and every string by the free-text patterns. What needs
 * the structure is not done: object values of protectedSettings, webhook properties, unattend
 * content (their strings still go through the free-text patterns).
 */
export function redactJsonText(text: string): { text: string; redacted: number } {
  const tally: Tally = { count: 0 };
  const members = CANDIDATE_NAME.test(text) ? text.replace(STRING_MEMBER, (match, name: string, colon: string, value: string, end: string) => {
    const replacement = redactMember(name, value);
    if (replacement === undefined) return match;
    tally.count++;
    // A value cut off by the end of the text stays open, as it was.
    return `"${name}"${colon}${JSON.stringify(replacement).slice(0, end === '"' ? undefined : -1)}`;
  }) : text;
  return { text: redactText(members, tally), redacted: tally.count };
}

function redactMember(name: string, value: string): string | undefined {
  if (value === '' || isMarker(value)) return undefined;
  const lower = name.toLowerCase();
  if (lower === 'serviceuri') {
    const url = unescapeJson(value);
    if (url === undefined) return marker(WEBHOOK_WHY);
    const redacted = redactUrlBeyondOrigin(url, WEBHOOK_WHY);
    return redacted === url ? undefined : redacted;
  }
  const rule = FIELDS.get(lower);
  if (rule) return marker(rule.why);
  return SECRET_NAME.test(lower.replace(/[-_.]/g, '')) ? marker(SECRET_NAME_WHY) : undefined;
}

function unescapeJson(value: string): string | undefined {
  try {
    return JSON.parse(`"${value}"`) as string;
  } catch {
    return undefined; // cut off inside an escape
  }
}
