/**
 * Part of `npm run build`: compiles aiscan's own schemas once, as the code using them would at
 * every run, and writes them to dist/precompiled/ (see src/precompiled.ts): the built-in rule
 * pack (src/engine/rule-pack.ts), the estate file schemas (src/sources/estate-file.ts) and the rule
 * and condition file schemas (src/precompiled.ts: schemaFileValidator). A fault
 * in a built-in rule fails the build here, with loadRules' own message.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_RULES_DIR, createRuleAjv, findRuleFiles, loadRules, RULE_FILE_SCHEMA } from '../src/engine/load-rules.js';
import { builtinRulesHash, RULE_PACK, rulePackFiles } from '../src/engine/rule-pack.js';
import { randomUUID } from 'node:crypto';
import { BUILD_FILE, PRECOMPILED_FOLDER, schemaFileFiles, type PrecompiledFiles } from '../src/precompiled.js';
import { CONDITION_FILE_SCHEMA } from '../src/engine/conditions.js';
import { readTextFile } from '../src/json/read-json.js';
import { ESTATE_SCHEMAS, estateSchemasFiles } from '../src/sources/estate-file.js';

/** Each file whole or not at all, the code before the JSON that says it is there: a scan never loads half a set. */
function write(name: string, { code, json }: PrecompiledFiles): void {
  mkdirSync(PRECOMPILED_FOLDER, { recursive: true });
  for (const [file, text] of [
    [join(PRECOMPILED_FOLDER, `${name}.cjs`), code],
    [join(PRECOMPILED_FOLDER, `${name}.json`), json],
  ]) {
    writeFileSync(`${file}.${process.pid}.tmp`, text);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
}

const ajv = createRuleAjv(false, true);
write(RULE_PACK, rulePackFiles(loadRules({}, { ajv, pack: null }), builtinRulesHash(findRuleFiles(BUILTIN_RULES_DIR), BUILTIN_RULES_DIR), ajv));
write(ESTATE_SCHEMAS, estateSchemasFiles());
// Each build its own: compiled user rules kept by an earlier one are not taken (src/engine/rule-cache.ts).
writeFileSync(join(PRECOMPILED_FOLDER, BUILD_FILE), `${JSON.stringify({ id: randomUUID() })}\n`);
for (const { name, file, options } of [RULE_FILE_SCHEMA, CONDITION_FILE_SCHEMA]) write(name, schemaFileFiles(readTextFile(file, 'a schema file'), options));
