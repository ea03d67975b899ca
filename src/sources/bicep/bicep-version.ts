/**
 * The oldest Bicep CLI aiscan compiles with. Everything below was read in the Bicep repository
 * (github.com/Azure/bicep, snapshot at commit 9beb0fee60ca53458f41492b699af440367b240b, tags
 * as `git tag --contains` reports the first release holding a commit):
 *
 * - `bicep build FILE --stdout`: since v0.1.1-alpha (commit 5f027ed8075ddd9b03dd0e6142c485d1f210f6c5,
 *   "Support stdout output", src/Bicep.Cli).
 * - `bicep build-params FILE --stdout`, printing `{ "templateJson": "…", "parametersJson": "…" }`:
 *   added in v0.14.85 behind the experimental `paramsFiles` feature (commit
 *   dfe7e7cf5e93ed5d87ed6071253c8a1c4102d91e, src/Bicep.Cli/Commands/BuildParamsCommand.cs and
 *   src/Bicep.Cli/Services/CompilationWriter.cs), usable without it since v0.16.1 (commit
 *   f1c10aa51fb399e995a0ec1999ed29989a2c20b4, "Remove the block on Bicep parameters files").
 *   Since v0.22.1 the output is the record BuildParamsStdout(parametersJson, templateJson?,
 *   templateSpecId?) (commit 6904c4a92592311432e0e27b7c613f8bec69be43,
 *   src/Bicep.Cli/Models/ParametersStdout.cs, which says the Azure CLI and Azure PowerShell
 *   depend on that exact shape); templateJson is null when the file uses a template spec.
 * - `"languageVersion": "2.0"` with resources keyed by symbolic name: since v0.21.1 (commit
 *   3319ec7e069073fe24dc2408438fca7185bce022, "Remove UserDefinedTypes feature flag",
 *   src/Bicep.Core/Emit/TemplateWriter.cs), for any file that uses user-defined types and, in
 *   later releases, many other features (src/Bicep.Core/Emit/EmitterSettings.cs). Before, symbolic
 *   names came only with the experimental `symbolicNameCodegen` feature, as "1.9-experimental"
 *   (v0.4.1008, commit 0c42b9a85e1b83b4e45a1672191fd09c6c6fbd46) and "1.10-experimental" (v0.15.31).
 *   Experimental features still give "2.1-experimental" and "2.2-experimental".
 * - The order of resources in a template without symbolic names, which declarations.ts relies on
 *   (nested resources first, then the file's resources, then its modules; `existing` ones left
 *   out): the same in v0.21.1 and at the snapshot (src/Bicep.Core/Semantics/FileSymbol.cs,
 *   Descendants; src/Bicep.Core/Emit/TemplateWriter.cs, EmitResources).
 *
 * So 0.21.1: the first release with `.bicepparam` files out of experiment, non-experimental
 * symbolic names, and the resource order checked. Bicep files written today (Azure Verified
 * Modules) need far newer releases anyway; an older CLI fails on them with its own error.
 */
export const MIN_BICEP_VERSION = '0.21.1';

/** `0.21.1` from `Bicep CLI version 0.21.1 (d4acbd2a9f)`, as `bicep --version` prints it. */
export function parseBicepVersion(output: string): string | undefined {
  return /Bicep CLI version (\d+\.\d+\.\d+)/.exec(output)?.[1];
}

/** Whether `version` (major.minor.patch) is at least `minimum`. */
export function atLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}
