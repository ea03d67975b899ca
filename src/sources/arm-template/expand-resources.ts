/**
 * A template's resource declarations, expanded into the resources a deployment would create, in
 * REST shape: `copy` loops, `condition`, child resources declared inside their parent, symbolic
 * names (languageVersion 2.0), extension resources with `scope`, and nested inline deployments
 * (`Microsoft.Resources/deployments` with `properties.template`), each evaluated in its own
 * expression scope. Each resource keeps the JSON path of its declaration, where findings point,
 * and the values that only the deployment can know.
 */
import { isRecord } from '../../json/is-record.js';
import { UserError } from '../../errors.js';
import { pathToPointer } from '../../ajv.js';
import { foldCase } from '../../ids.js';
import type { ArmResource, JsonPath, UnknownValue } from '../../estate.js';
import { isUnknown, type Value } from './expressions/values.js';
import { scopeId, targetScope, type TargetScope } from './deployment-scope.js';
import { copyCount } from './copy-count.js';
import { TemplateContext } from './template-context.js';
import { templateDocument } from './template-document.js';

export interface ExpandedResource {
  resource: ArmResource;
  /** The declaration's JSON path in the template file. */
  path: JsonPath;
  /** The symbolic name, or the type and name as written. */
  declaredAs: string;
  /** The copy of a resource `copy` loop this is. */
  copy?: { name: string; index: number };
  /** Property copy loops: which array each builds, and where its input is written. */
  propertyCopies: { property: JsonPath; input: JsonPath }[];
  unknown: UnknownValue[];
}

export interface Expansion {
  resources: ExpandedResource[];
  /** What was not expanded and why (a linked template, a condition that cannot be known). */
  warnings: string[];
}

/** Keys of a resource declaration that say how to deploy it, not what it is: never in the REST resource. */
const TEMPLATE_ONLY = new Set(['apiversion', 'dependson', 'copy', 'condition', 'comments', 'scope', 'existing', 'resources', 'import']);
/** Nested templates deeper than this are a template that includes itself. */
const MAX_DEPTH = 20;
/** Resources one template may expand to: a copy count from a parameter could ask for billions. */
const MAX_RESOURCES = 1_000_000;

export function expandResources(context: TemplateContext, declarations: readonly { declaration: Record<string, unknown>; path: JsonPath }[], depth = 0): Expansion {
  const expansion: Expansion = { resources: [], warnings: [] };
  const extensionResources: string[] = [];
  for (const { declaration, path } of declarations) {
    // A resource of an extension (`import` or `extension`: Kubernetes, Microsoft Graph) is no Azure resource: it has no type or name ARM knows.
    if (declaration.import !== undefined || declaration.extension !== undefined) extensionResources.push(pathToPointer(path));
    else expandDeclaration(context, declaration, path, undefined, expansion, depth);
  }
  if (extensionResources.length > 0) {
    expansion.warnings.push(
      `${context.file}: ${extensionResources.length} resource${extensionResources.length === 1 ? '' : 's'} of a Bicep extension (Kubernetes, Microsoft Graph, …) at ${extensionResources.slice(0, 3).join(', ')}${extensionResources.length > 3 ? ', …' : ''} ${extensionResources.length === 1 ? 'is not an Azure resource and is' : 'are not Azure resources and are'} not scanned`,
    );
  }
  return expansion;
}

interface Parent {
  type: string;
  name: string;
}

function expandDeclaration(context: TemplateContext, declaration: Record<string, unknown>, path: JsonPath, parent: Parent | undefined, expansion: Expansion, depth: number): void {
  if (declaration.existing === true) return; // a reference to a resource that exists already: deploys nothing
  const copy = declaration.copy;
  if (copy === undefined) {
    expandOne(context, declaration, path, parent, expansion, depth);
    return;
  }
  if (!isRecord(copy) || typeof copy.name !== 'string') fail(context, [...path, 'copy'], 'a copy loop is an object with a "name" and a "count"');
  const count = context.evaluateAt(copy.count, relativePath(context, [...path, 'copy', 'count']));
  if (isUnknown(count)) {
    expansion.warnings.push(`${context.file}: at ${pathToPointer([...path, 'copy', 'count'])}: the copy count is known only at deployment (${count.reason}); the resource is scanned once, as its first copy`);
    expandOne(context.inLoop(copy.name, 0), declaration, path, parent, expansion, depth, { name: copy.name, index: 0 });
    return;
  }
  const iterations = copyCount(count, context.file, [...path, 'copy', 'count']);
  if (expansion.resources.length + iterations > MAX_RESOURCES) fail(context, [...path, 'copy', 'count'], `the template would expand to more than ${MAX_RESOURCES} resources`);
  for (let index = 0; index < iterations; index++) expandOne(context.inLoop(copy.name, index), declaration, path, parent, expansion, depth, { name: copy.name, index });
}

function expandOne(
  context: TemplateContext,
  declaration: Record<string, unknown>,
  path: JsonPath,
  parent: Parent | undefined,
  expansion: Expansion,
  depth: number,
  copy?: { name: string; index: number },
): void {
  if (declaration.condition !== undefined) {
    const condition = context.evaluateAt(declaration.condition, relativePath(context, [...path, 'condition']));
    if (condition === false) return;
    if (isUnknown(condition)) {
      expansion.warnings.push(`${context.file}: at ${pathToPointer([...path, 'condition'])}: whether the resource is deployed is known only at deployment (${condition.reason}); it is scanned as if it were`);
    } else if (condition !== true) fail(context, [...path, 'condition'], `a condition is true or false, not ${JSON.stringify(condition)}`);
  }
  const type = fullType(context, declaration, path, parent);
  const unknown: UnknownValue[] = [];
  const name = fullName(context, declaration, path, parent, type, copy, unknown);
  if (foldCase(type) === 'microsoft.resources/deployments') {
    expandDeployment(context, declaration, path, name, expansion, depth);
    return;
  }
  const resource: ArmResource = { id: resourceId(context, declaration, path, type, name, copy, unknown), name: name.split('/').pop()!, type };
  for (const [key, value] of Object.entries(declaration)) {
    if (TEMPLATE_ONLY.has(foldCase(key)) || key === 'name' || key === 'type') continue;
    const evaluated = context.evaluateAt(value, relativePath(context, [...path, key]));
    const kept = withoutUnknown(evaluated, [key], unknown);
    if (kept !== undefined) resource[key] = kept;
  }
  expansion.resources.push({ resource, path, declaredAs: declaredAs(declaration, path), ...(copy ? { copy } : {}), propertyCopies: propertyCopies(declaration, path), unknown });

  const children = declaration.resources;
  if (children === undefined) return;
  if (!Array.isArray(children)) fail(context, [...path, 'resources'], 'child resources are an array');
  children.forEach((child, index) => {
    if (!isRecord(child)) fail(context, [...path, 'resources', index], 'a resource is declared with an object');
    expandDeclaration(context, child, [...path, 'resources', index], { type, name }, expansion, depth);
  });
}

/** How the author knows the resource: its symbolic name (languageVersion 2.0), else its type and name as written. */
function declaredAs(declaration: Record<string, unknown>, path: JsonPath): string {
  const key = path[path.length - 1];
  if (typeof key === 'string' && path[path.length - 2] === 'resources') return key;
  const written = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return `${written(declaration.type)}/${written(declaration.name)}`;
}

/** Every property `copy` loop written in the declaration (not inside another loop's input), with file paths. */
function propertyCopies(declaration: Record<string, unknown>, path: JsonPath): { property: JsonPath; input: JsonPath }[] {
  const found: { property: JsonPath; input: JsonPath }[] = [];
  const walk = (value: unknown, at: JsonPath) => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...at, index]));
    if (!isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (foldCase(key) === 'copy' && Array.isArray(item)) {
        item.forEach((loop, index) => isRecord(loop) && typeof loop.name === 'string' && found.push({ property: [...at, loop.name], input: [...at, key, index, 'input'] }));
      } else walk(item, [...at, key]);
    }
  };
  for (const [key, value] of Object.entries(declaration)) if (!TEMPLATE_ONLY.has(foldCase(key))) walk(value, [...path, key]);
  return found;
}

/** The value with every Unknown left out and recorded with its path; undefined when the whole value is Unknown. */
function withoutUnknown(value: Value, path: JsonPath, unknown: UnknownValue[]): unknown {
  if (isUnknown(value)) {
    unknown.push({ path, expression: value.expression, reason: value.reason });
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item, index) => withoutUnknown(item, [...path, index], unknown) ?? null);
  if (value !== null && typeof value === 'object') {
    const object: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const kept = withoutUnknown(item as Value, [...path, key], unknown);
      if (kept !== undefined) object[key] = kept;
    }
    return object;
  }
  return value;
}

function fullType(context: TemplateContext, declaration: Record<string, unknown>, path: JsonPath, parent: Parent | undefined): string {
  const type = context.evaluateAt(declaration.type, relativePath(context, [...path, 'type']));
  if (typeof type !== 'string' || type === '') fail(context, [...path, 'type'], 'a resource needs a "type"');
  if (!parent || foldCase(type).startsWith(`${foldCase(parent.type)}/`)) return type;
  return `${parent.type}/${type}`;
}

/**
 * The resource's full name (`cluster/pool` for a child). A name known only at deployment (made from
 * a `reference()`, a `newGuid()` default) becomes a placeholder made from where it is declared, the
 * same on every run, and is listed as unknown: the rest of the resource is still scanned.
 */
function fullName(
  context: TemplateContext,
  declaration: Record<string, unknown>,
  path: JsonPath,
  parent: Parent | undefined,
  type: string,
  copy: { index: number } | undefined,
  unknown: UnknownValue[],
): string {
  let name = context.evaluateAt(declaration.name, relativePath(context, [...path, 'name']));
  if (isUnknown(name)) {
    unknown.push({ path: ['name'], expression: name.expression, reason: name.reason });
    const placeholder = `aiscan-unknown-name${pathToPointer(path).replace(/\//g, '-')}${copy ? `-${copy.index}` : ''}`;
    const segments = type.split('/').length - 1 - (parent ? parent.name.split('/').length : 0);
    name = Array.from({ length: Math.max(segments, 1) }, () => placeholder).join('/');
  }
  if (typeof name !== 'string' || name === '') fail(context, [...path, 'name'], 'a resource needs a "name"');
  if (!parent || name.toLowerCase().startsWith(`${parent.name.toLowerCase()}/`)) return name;
  return `${parent.name}/${name}`;
}

/**
 * `/subscriptions/S/resourceGroups/G/providers/Microsoft.X/a/n1/b/n2`, or under the `scope` an
 * extension resource names. A scope known only at deployment (a Terraform module's output, a
 * `reference()`) becomes a placeholder made from where the resource is declared, and the id is
 * listed as unknown: what rules read from it (the scope a role assignment is made at, the
 * assignments that apply to a resource) is not evaluated, never decided on the placeholder.
 */
function resourceId(
  context: TemplateContext,
  declaration: Record<string, unknown>,
  path: JsonPath,
  type: string,
  name: string,
  copy: { index: number } | undefined,
  unknown: UnknownValue[],
): string {
  const [namespace, ...types] = type.split('/');
  const names = name.split('/');
  if (types.length !== names.length) {
    fail(context, [...path, 'name'], `the name "${name}" has ${names.length} segment(s) but the type ${type} needs ${types.length}: a child resource's name is "parent/child"`);
  }
  const tail = `providers/${namespace}/${types.map((segment, index) => `${segment}/${names[index]}`).join('/')}`;
  if (declaration.scope !== undefined) {
    const scope = context.evaluateAt(declaration.scope, relativePath(context, [...path, 'scope']));
    if (isUnknown(scope)) {
      unknown.push({ path: ['id'], writtenAt: ['scope'], expression: scope.expression, reason: scope.reason });
      return `${scopeId(context.scope)}/providers/Aiscan.Unknown/scopes/aiscan-unknown-scope${pathToPointer(path).replace(/\//g, '-')}${copy ? `-${copy.index}` : ''}/${tail}`;
    }
    if (typeof scope !== 'string') fail(context, [...path, 'scope'], 'the scope of an extension resource is a resource id');
    // A relative scope ("Microsoft.Network/virtualNetworks/vnet") is under the deployment's scope.
    const base = scope.startsWith('/') ? scope.replace(/\/+$/, '') : `${scopeId(context.scope)}/providers/${scope}`;
    return `${base}/${tail}`;
  }
  if (context.scope.kind === 'subscription' && foldCase(type) === 'microsoft.resources/resourcegroups') return `/subscriptions/${context.scope.subscriptionId}/resourceGroups/${name}`;
  return `${scopeId(context.scope)}/${tail}`;
}

/** A nested inline deployment: its template expanded in its own scope; a linked one cannot be read and is said so. */
function expandDeployment(context: TemplateContext, declaration: Record<string, unknown>, path: JsonPath, name: string, expansion: Expansion, depth: number): void {
  const properties = isRecord(declaration.properties) ? declaration.properties : {};
  if (!isRecord(properties.template)) {
    expansion.warnings.push(`${context.file}: at ${pathToPointer(path)}: the nested deployment ${name} links to a template (templateLink) that aiscan does not fetch: its resources are not scanned; scan that template itself`);
    return;
  }
  if (depth >= MAX_DEPTH) fail(context, [...path, 'properties', 'template'], `nested deployments go deeper than ${MAX_DEPTH} levels`);
  const inner = isRecord(properties.expressionEvaluationOptions) && typeof properties.expressionEvaluationOptions.scope === 'string' && foldCase(properties.expressionEvaluationOptions.scope) === 'inner';
  const templatePath = [...path, 'properties', 'template'];
  const document = templateDocument(properties.template, context.file, templatePath);
  const scope = nestedScope(context, declaration, path, name, expansion.warnings);
  let nestedContext: TemplateContext;
  if (inner) {
    // Inner scope: the nested template sees only its own parameters, given values by the outer one.
    const supplied = new Map<string, Value>();
    const parameters = isRecord(properties.parameters) ? properties.parameters : {};
    for (const [parameter, entry] of Object.entries(parameters)) {
      if (isRecord(entry) && 'value' in entry) supplied.set(parameter, context.evaluateAt(entry.value, relativePath(context, [...path, 'properties', 'parameters', parameter, 'value'])));
    }
    nestedContext = TemplateContext.of(document, context.file, scope, supplied, { at: templatePath, deploymentName: name, parameterSource: `"parameters" of the nested deployment at ${pathToPointer(path)}` });
  } else {
    // Outer scope (the default): the nested template's expressions are the outer template's, and so are its parameters and variables.
    nestedContext = context;
    if (scope !== context.scope) expansion.warnings.push(`${context.file}: at ${pathToPointer(path)}: the nested deployment ${name} targets another scope with the outer expression scope; its ids use the outer scope`);
  }
  const nested = expandResources(nestedContext, document.resources, depth + 1);
  expansion.resources.push(...nested.resources);
  expansion.warnings.push(...nested.warnings);
}

/**
 * The scope a nested deployment deploys to: its `subscriptionId` and `resourceGroup`, else the outer
 * one's. One known only at deployment is the outer one's too, and the warning says so.
 */
function nestedScope(context: TemplateContext, declaration: Record<string, unknown>, path: JsonPath, name: string, warnings: string[]): TargetScope {
  const unknownTargets: { key: string; reason: string }[] = [];
  const read = (key: string): string | undefined => {
    if (declaration[key] === undefined) return undefined;
    const value = context.evaluateAt(declaration[key], relativePath(context, [...path, key]));
    if (isUnknown(value)) unknownTargets.push({ key, reason: value.reason });
    return typeof value === 'string' ? value : undefined;
  };
  const subscriptionId = read('subscriptionId');
  const resourceGroup = read('resourceGroup');
  const kind = resourceGroup !== undefined || context.scope.kind === 'resourceGroup' ? 'resourceGroup' : 'subscription';
  const scope =
    subscriptionId === undefined && resourceGroup === undefined
      ? context.scope
      : targetScope(kind, {
          subscriptionId: subscriptionId ?? context.scope.subscriptionId,
          resourceGroup: resourceGroup ?? context.scope.resourceGroup,
          tenantId: context.scope.tenantId,
          location: context.scope.location,
        });
  if (unknownTargets.length > 0) {
    const what = unknownTargets.map((target) => target.key).join(' and a ');
    const why = [...new Set(unknownTargets.map((target) => target.reason))].join('; ');
    warnings.push(`${context.file}: at ${pathToPointer(path)}: the nested deployment ${name} deploys to a ${what} known only at deployment (${why}); its resources are scanned as if deployed to ${scopeId(scope)}`);
  }
  return scope;
}

/** Paths are kept from the file's top; the context evaluates relative to its template's top. */
function relativePath(context: TemplateContext, path: JsonPath): JsonPath {
  const at = context.at;
  return path.slice(at.length);
}

function fail(context: TemplateContext, path: JsonPath, reason: string): never {
  throw new UserError(`${context.file}: at ${pathToPointer(path)}: ${reason}`);
}
