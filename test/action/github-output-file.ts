/**
 * Reads a $GITHUB_OUTPUT file the way the Actions runner does (SetOutputFileCommand): `name=value`
 * when a `=` comes before any `<<`, else `name<<DELIMITER`, the lines up to one that is exactly the
 * delimiter. A name given twice keeps its last value.
 */
export function parseGithubOutputFile(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const equals = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs.set(line.slice(0, equals), line.slice(equals + 1));
      continue;
    }
    if (heredoc < 0) throw new Error(`invalid line ${i + 1}: ${line}`);
    const name = line.slice(0, heredoc);
    const delimiter = line.slice(heredoc + 2);
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
    if (i >= lines.length) throw new Error(`no delimiter ${delimiter} for ${name}`);
    outputs.set(name, value.join('\n'));
  }
  return outputs;
}
