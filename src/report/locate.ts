import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { Region } from 'sarif';
import type { JsonPath } from '../estate.js';
import type { Finding } from '../engine/finding.js';
import { addTo } from '../multimap.js';
import { readTextFile } from '../sources/read-json.js';

/** Where a finding sits in its file, as SARIF wants it: 1-based lines and columns, end column exclusive. */
export interface LocatedRegion extends Required<Pick<Region, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'>> {
  /** The JSON path the region really covers: the failing property, or its nearest enclosing value present in the file. */
  path: JsonPath;
  snippet: string;
}

/**
 * Finds the region of every finding. Each file is read and parsed once, and only if it has
 * findings; a path that is not in the file (a missing property) falls back to its nearest parent.
 */
export function locateFindings(findings: readonly Finding[]): Map<Finding, LocatedRegion> {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) addTo(byFile, finding.location.file, finding);
  const regions = new Map<Finding, LocatedRegion>();
  for (const [file, fileFindings] of byFile) {
    const locator = new FileLocator(readTextFile(file, 'an estate file'));
    for (const finding of fileFindings) regions.set(finding, locator.region(finding.location.path));
  }
  return regions;
}

export class FileLocator {
  private readonly root: Node | undefined;
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    this.root = parseTree(text, [], { disallowComments: true });
    this.lineStarts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  region(path: JsonPath): LocatedRegion {
    let found: Node | undefined;
    let foundPath = [...path];
    while (this.root) {
      found = findNodeAtLocation(this.root, foundPath);
      if (found || foundPath.length === 0) break;
      foundPath = foundPath.slice(0, -1);
    }
    // A property's region covers `"key": value`, so the line shown is the one naming it.
    const node = found?.parent?.type === 'property' ? found.parent : found;
    const start = node?.offset ?? 0;
    const end = node ? node.offset + node.length : this.text.length;
    const startPosition = this.position(start);
    const endPosition = this.position(end);
    return {
      startLine: startPosition.line,
      startColumn: startPosition.column,
      endLine: endPosition.line,
      endColumn: endPosition.column,
      path: found ? foundPath : [],
      snippet: this.text.slice(start, Math.min(end, start + 2000)),
    };
  }

  private position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }
}
