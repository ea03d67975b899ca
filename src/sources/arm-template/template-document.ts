/**
 * An ARM template as read from its file: the sections the expander uses, checked for the shape
 * ARM requires, each problem one line with the file and JSON pointer.
 */
import { isRecord } from '../../json/is-record.js';
import { UserError } from '../../errors.js';
import { pathToPointer } from '../../ajv.js';

export interface ParameterDeclaration {
  type?: string;
  defaultValue?: unknown;
}

export interface FunctionNamespace {
  namespace: string;
  members: Record<string, { parameters?: { name: string }[]; output?: { value?: unknown } }>;
}

export interface TemplateDocument {
  schema: string;
  /** "2.0": `resources` is an object keyed by symbolic name. */
  languageVersion?: string;
  parameters: Record<string, ParameterDeclaration>;
  variables: Record<string, unknown>;
  functions: FunctionNamespace[];
  /** Each declaration with its JSON path in the file. */
  resources: { declaration: Record<string, unknown>; path: (string | number)[] }[];
}

/** Checks and reads a parsed template whose top level is at `path` in `file` (nested deployments sit inside another template). */
export function templateDocument(value: unknown, file: string, path: (string | number)[] = []): TemplateDocument {
  const fail = (at: (string | number)[], reason: string): never => {
    throw new UserError(`${file}: at ${pathToPointer([...path, ...at]) || '/'}: ${reason}`);
  };
  if (!isRecord(value)) fail([], 'an ARM template is a JSON object');
  const template = value as Record<string, unknown>;
  const schema = typeof template.$schema === 'string' ? template.$schema : '';
  const section = (name: string): Record<string, unknown> => {
    const content = template[name];
    if (content === undefined) return {};
    if (!isRecord(content)) fail([name], `"${name}" is an object`);
    return content as Record<string, unknown>;
  };
  const parameters = section('parameters') as Record<string, ParameterDeclaration>;
  for (const [name, declaration] of Object.entries(parameters)) if (!isRecord(declaration)) fail(['parameters', name], 'a parameter is declared with an object ({"type": …})');
  const functions = template.functions === undefined ? [] : template.functions;
  if (!Array.isArray(functions)) fail(['functions'], '"functions" is an array of namespaces');
  const languageVersion = typeof template.languageVersion === 'string' ? template.languageVersion : undefined;
  const resources = template.resources ?? [];
  let declarations: TemplateDocument['resources'];
  if (Array.isArray(resources)) declarations = resources.map((declaration, index) => ({ declaration, path: [...path, 'resources', index] }) as TemplateDocument['resources'][number]);
  else if (isRecord(resources) && languageVersion !== undefined) declarations = Object.entries(resources).map(([name, declaration]) => ({ declaration, path: [...path, 'resources', name] }) as TemplateDocument['resources'][number]);
  else return fail(['resources'], languageVersion === undefined ? '"resources" is an array (an object of symbolic names needs "languageVersion": "2.0")' : '"resources" is an array or an object');
  for (const { declaration, path: at } of declarations) if (!isRecord(declaration)) throw new UserError(`${file}: at ${pathToPointer(at)}: a resource is declared with an object`);
  return {
    schema,
    ...(languageVersion !== undefined ? { languageVersion } : {}),
    parameters,
    variables: section('variables'),
    functions: functions as FunctionNamespace[],
    resources: declarations,
  };
}
