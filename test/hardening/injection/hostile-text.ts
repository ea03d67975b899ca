import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Text an attacker writes into the estate (a resource name, a tag, a role name, a subscription's
 * display name, an error message in a response) or into a rule folder, to be shown by aiscan's
 * reports, terminal and CI log. One line each: a new payload is one line here.
 */
export const PAYLOADS: Record<string, string> = {
  'GitHub workflow commands after a line feed': 'gpu-1\n::error title=aiscan::All findings were resolved\n::stop-commands::x',
  'workflow command after a carriage return': 'gpu-2\r::warning file=x::forged\r  ::add-mask::secret',
  'workflow command after Unicode line separators': 'gpu-3\u2028::error::a\u2029::error::b\u0085::error::c\v::error::d\f::error::e',
  'legacy and Azure Pipelines commands mid-line': 'gpu-4 ##[error]forged ##vso[task.setvariable variable=x]y ##VSO[task.complete result=Failed]',
  'ANSI escapes that clear and rewrite the terminal': 'gpu-5\x1b[2J\x1b[1;1HPASS: no findings\x1b[0m\x9b31m\x07',
  'OSC 8 hyperlink': '\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\',
  'HTML image beacon': '<img src="https://evil.example/beacon.gif" onerror=alert(1)>',
  'unterminated HTML comment': 'gpu-6 <!-- everything after this is hidden',
  'script and CDATA': '</script><script>alert(1)</script>]]><![CDATA[x',
  'code span breakout': 'a`b``</code><img src=x>``` ```',
  'Markdown link and image': '[click](javascript:alert(1)) ![x](https://evil.example/x.png) [ref]: https://evil.example',
  'bare URLs and autolinks': 'see https://evil.example/phish and www.evil.example and <https://evil.example> and mailto:a@evil.example',
  'e-mail address': 'security-team@evil.example',
  'mentions and references': '@octocat @github/security-team #1 GH-1 github/github#1',
  'table cells and line starts': '| x | y |\n|---|---|\n# heading\n- item\n> quote\n1. one\n    indented',
  'emphasis, entities and math': '**bold** _it_ ~~s~~ &amp; &#x202E; &lt;b&gt; $\\href{https://evil.example}{x}$ \\`',
  'Trojan Source bidi controls': 'gpu-7 \u202Egnp.exe\u202C \u2066isolate\u2069 \u200Fx\u200E',
  'zero-width and tag characters': 'gpu\u200B-\u200C8\u200D\u2060\uFEFF \u{E0041}\u{E0042}',
  'characters XML cannot hold': 'gpu-9 \u0000\u0001\u0008\u001F\uFFFE\uFFFF \uD800 \uDFFF',
  'C1 controls and DEL': 'gpu-10 \u007F\u0080\u0085\u0090\u009B\u009F',
  'leading spaces and a heading marker': '    ## not a heading',
};

/** Where a payload goes, as `{{name}}` in the hand-written files beside this one, and which outputs show it. */
export interface Carrier {
  /** The placeholder, also the carrier's name. */
  name: string;
  /** The outputs that show this value (the others never do, by design). */
  shownIn: readonly Output[];
  /** Whether the output may show it in lower case (tag names are compared and listed ignoring case). */
  caseFolded?: boolean;
  /** Only shown inside evidence, the JSON text of the estate file, with its string escapes. */
  asJson?: boolean;
  /** Shown as a block of lines (a command, evidence), not on one line. */
  block?: boolean;
  /** Whether this payload can be put here (a file or folder name cannot hold `/` or NUL; a message template reads `{…}`). */
  fits?: (payload: string) => boolean;
}

export type Output = 'markdown' | 'html' | 'junit' | 'terminal';

const folderName = (payload: string) => !/[/\\\0]/.test(payload) && Buffer.byteLength(payload) < 200;

/** One line each: a new carrier is a placeholder in estate.json, rule.json or suppressions.json, and a line here. */
export const CARRIERS: readonly Carrier[] = [
  { name: 'resource name', shownIn: ['markdown', 'html', 'junit', 'terminal'] },
  { name: 'tag name', shownIn: ['markdown', 'html', 'junit', 'terminal'], caseFolded: true },
  { name: 'tag value', shownIn: ['html', 'junit'], asJson: true, block: true },
  { name: 'role name', shownIn: ['markdown', 'html', 'junit', 'terminal'] },
  /** A principal id as PIM lists it (a hostile server can send anything): in the message of the Owner eligibility without an end date (AIS-RBAC-007). */
  { name: 'PIM principal id', shownIn: ['markdown', 'html', 'junit', 'terminal'] },
  { name: 'subscription display name', shownIn: ['html'] },
  { name: 'coverage message', shownIn: ['markdown', 'html', 'junit', 'terminal'] },
  { name: 'rule title', shownIn: ['markdown', 'html', 'junit'], fits: (p) => p.length <= 100 },
  { name: 'rule message', shownIn: ['markdown', 'html', 'junit', 'terminal'], fits: (p) => !/[{}]/.test(p) },
  { name: 'rule fix', shownIn: ['markdown', 'html', 'junit'] },
  { name: 'rule command', shownIn: ['markdown', 'html', 'junit'], block: true },
  { name: 'rule area', shownIn: ['markdown', 'html', 'junit'], fits: folderName },
  { name: 'suppression justification', shownIn: ['markdown', 'html', 'junit'] },
  { name: 'estate file name', shownIn: ['markdown', 'html', 'junit', 'terminal'], fits: folderName },
];

const HERE = join('test', 'hardening', 'injection');
const BENIGN = 'benign';

/** What a run of `aiscan scan` over the hostile inputs is given: its files, and which carrier holds which text. */
export interface HostileInputs {
  estate: string;
  rules: string;
  suppressions: string;
  /** The text each carrier holds: the payload where it fits, `benign` elsewhere. */
  held: Map<Carrier, string>;
}

/** Writes the hand-written estate, rule and suppressions into `dir` with `payload` in every carrier it fits. */
export function writeHostileInputs(dir: string, payload: string): HostileInputs {
  const held = new Map(CARRIERS.map((carrier) => [carrier, carrier.fits && !carrier.fits(payload) ? BENIGN : payload]));
  const textOf = (name: string) => held.get(CARRIERS.find((carrier) => carrier.name === name)!)!;
  const fill = (file: string) => substitute(JSON.parse(readFileSync(join(HERE, file), 'utf8')), textOf);

  mkdirSync(dir, { recursive: true });
  const estate = join(dir, `estate ${textOf('estate file name')}.json`);
  writeFileSync(estate, JSON.stringify(fill('estate.json'), null, 2));
  const rules = join(dir, 'rules');
  mkdirSync(join(rules, textOf('rule area')), { recursive: true });
  writeFileSync(join(rules, textOf('rule area'), 'HOSTILE-TEXT-001.json'), JSON.stringify(fill('rule.json'), null, 2));
  const suppressions = join(dir, 'suppressions.json');
  writeFileSync(suppressions, JSON.stringify(fill('suppressions.json'), null, 2));
  return { estate, rules, suppressions, held };
}

/** Every `{{name}}` in keys and string values replaced by the text its carrier holds. */
function substitute(value: unknown, textOf: (name: string) => string): unknown {
  const fill = (text: string) => text.replace(/\{\{([^}]+)\}\}/g, (_, name: string) => textOf(name));
  if (typeof value === 'string') return fill(value);
  if (Array.isArray(value)) return value.map((item) => substitute(item, textOf));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [fill(key), substitute(item, textOf)]));
  }
  return value;
}
