import type { Finding } from '../engine/finding.js';
import type { ElementIndex } from '../json/element-index.js';
import { FileLocator, locateInFile, type ValueRegion } from '../json/locate.js';
import { addTo } from '../multimap.js';
import { readTextFile } from '../json/read-json.js';
import { redactJsonText } from '../redaction/redact-json-text.js';
import { redactText } from '../redaction/redact-text.js';

/** Where a finding sits in its file, as SARIF wants it (1-based lines and columns, end column exclusive), with its evidence. */
export type LocatedRegion = ValueRegion;

/**
 * Finds the region of every finding: the failing property, or its nearest parent present in the
 * file. `elementIndexes` holds, per file read in parts when the estate was loaded, where each
 * resource starts (see json/indexed-json.ts): such a file is not read again whole, only the
 * resources with findings are. Any other file is read once and walked once, or, in `readAs`, the
 * JSON it was read as is walked (a template that is not JSON: the same lines).
 */
export function locateFindings<T extends Pick<Finding, 'location'>>(
  findings: readonly T[],
  elementIndexes: ReadonlyMap<string, ElementIndex> = new Map(),
  readAs: ReadonlyMap<string, string> = new Map(),
): Map<T, LocatedRegion> {
  const byFile = new Map<string, T[]>();
  const byLine = new Map<string, T[]>();
  for (const finding of findings) addTo(finding.location.line !== undefined ? byLine : byFile, finding.location.file, finding);
  const regions = new Map<T, LocatedRegion>();
  for (const [file, fileFindings] of byLine) {
    const lines = readTextFile(file, 'a template').split(/\r\n|\r|\n/);
    for (const finding of fileFindings) regions.set(finding, lineRegion(lines, finding.location.line!, finding.location.column ?? 1));
  }
  for (const [file, fileFindings] of byFile) {
    const paths = fileFindings.map((finding) => finding.location.path);
    const json = readAs.get(file);
    const located = json !== undefined ? new FileLocator(json).regions(paths) : locateInFile(file, paths, elementIndexes.get(file));
    // Estate files aiscan did not collect (an `az rest` output, say) were never redacted: the
    // evidence copied into reports is, as a collected snapshot would have been.
    fileFindings.forEach((finding, i) => regions.set(finding, { ...located[i], snippet: redactJsonText(located[i].snippet).text }));
  }
  return regions;
}

/**
 * The statement's line, from its first character to the end of the line (a Bicep `resource …`
 * line, a `.tf` attribute, a manifest's key). The line is the user's file, but the snippet goes to
 * every report and to code scanning: a key or password written on it is redacted, as in JSON evidence.
 */
function lineRegion(lines: readonly string[], line: number, column: number): LocatedRegion {
  const text = lines[line - 1] ?? '';
  const startColumn = Math.min(column, text.length + 1);
  return { startLine: line, startColumn, endLine: line, endColumn: Math.max(startColumn, text.length + 1), path: [], snippet: redactText(text.slice(startColumn - 1), { count: 0 }) };
}
