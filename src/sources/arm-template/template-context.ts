/**
 * The ExpressionContext of one template at one deployment scope: its parameters (from a parameter
 * file, else their defaults), its variables (evaluated when first read, a cycle named as ARM
 * names it), the copy loops around the value being evaluated, and what `deployment()`,
 * `resourceGroup()`, `subscription()` and the rest return before any deployment.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../../errors.js';
import { foldCase } from '../../ids.js';
import { pathToPointer } from '../../ajv.js';
import type { ExpressionContext, UserFunction } from './expressions/context.js';
import { ExpressionError } from './expressions/errors.js';
import { bounded, evaluateTemplateValue } from './expressions/evaluate.js';
import { isUnknown, objectFrom, Unknown, type Value } from './expressions/values.js';
import { scopeId, type TargetScope } from './deployment-scope.js';
import type { TemplateDocument } from './template-document.js';
import { copyCount } from './copy-count.js';

/** A deployment that ARM would refuse: parameters without a value, a default or a stand-in. */
export class MissingParameterValues extends UserError {
  constructor(
    message: string,
    readonly names: readonly string[],
    /** Of the template itself, not of a deployment nested in it. */
    readonly topLevel: boolean,
  ) {
    super(message);
  }
}

/** The values a deployment supplies for a template's parameters, by name as written. */
export type ParameterValues = ReadonlyMap<string, Value>;

interface Loop {
  name: string;
  index: number;
}

/** What the contexts of one template share: its variables are evaluated once, whatever loop reads them. */
interface Shared {
  template: TemplateDocument;
  file: string;
  scope: TargetScope;
  /** The JSON path of the template's top level in `file` (not empty for a nested deployment's). */
  at: (string | number)[];
  /** A supplied value, or a default evaluated when first read (defaults may use other parameters). */
  parameters: Map<string, { value?: Value; evaluating?: boolean; source?: unknown; path: (string | number)[] }>;
  variables: Map<string, { value?: Value; evaluating?: boolean; source: unknown; path: (string | number)[]; copy?: { count: unknown; input: unknown } }>;
  functions: Map<string, UserFunction>;
  deploymentName: string;
}

const isPropertyLoop = (loop: unknown): loop is { name: string; count: unknown; input: unknown } =>
  typeof loop === 'object' && loop !== null && typeof (loop as { name?: unknown }).name === 'string' && 'count' in loop && 'input' in loop;

export class TemplateContext implements ExpressionContext {
  private constructor(
    private readonly shared: Shared,
    private readonly loops: readonly Loop[],
  ) {}

  /**
   * The context of a template. A parameter without a value and without a default is an error
   * naming every such parameter: a scan cannot guess what the deployment would be given.
   */
  static of(template: TemplateDocument, file: string, scope: TargetScope, supplied: ParameterValues, options: { at?: (string | number)[]; deploymentName?: string; parameterSource?: string; parameterHint?: string; defaults?: ParameterValues } = {}): TemplateContext {
    const shared: Shared = {
      template,
      file,
      scope,
      at: options.at ?? [],
      parameters: new Map(),
      variables: new Map(),
      functions: new Map(),
      deploymentName: options.deploymentName ?? 'aiscan-scan',
    };
    const context = new TemplateContext(shared, []);
    const suppliedByName = new Map([...supplied].map(([name, value]) => [foldCase(name), value]));
    // The configuration's values stand in only where the template has no default of its own.
    const defaultsByName = new Map([...(options.defaults ?? [])].map(([name, value]) => [foldCase(name), value]));
    const missing: string[] = [];
    for (const [name, declaration] of Object.entries(template.parameters)) {
      const value = suppliedByName.get(foldCase(name));
      const path = [...shared.at, 'parameters', name];
      if (value !== undefined) shared.parameters.set(foldCase(name), { value, path });
      else if (declaration.defaultValue !== undefined) shared.parameters.set(foldCase(name), { source: declaration.defaultValue, path: [...path, 'defaultValue'] });
      else if (defaultsByName.has(foldCase(name))) shared.parameters.set(foldCase(name), { value: defaultsByName.get(foldCase(name))!, path });
      else if ((declaration as { nullable?: unknown }).nullable === true) shared.parameters.set(foldCase(name), { value: null, path }); // languageVersion 2.0: an optional parameter is null
      else if (/^secure(string|object)$/i.test(declaration.type ?? '')) {
        // A secret: supplied or not, a scan never sees its value.
        shared.parameters.set(foldCase(name), { value: new Unknown('a secure parameter is supplied only at deployment', `parameters('${name}')`), path });
      } else missing.push(name);
    }
    if (missing.length > 0) {
      throw new MissingParameterValues(
        `${file}: no value for the parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${missing.length > 1 ? 'have' : 'has'} no default: ` +
          `give a parameter file (${options.parameterSource ?? options.parameterHint ?? `${basename(file, extname(file))}.parameters.json beside it, metadata.template, or --parameters FILE`})` +
          (shared.at.length === 0 ? ', or a value in "templates": {"parameters": …} of aiscan.config.json' : ''),
        missing,
        shared.at.length === 0,
      );
    }
    for (const [name, source] of Object.entries(template.variables)) {
      if (name === 'copy' && Array.isArray(source)) {
        source.forEach((loop: Record<string, unknown>, index) => {
          if (typeof loop?.name !== 'string') throw new UserError(`${file}: at ${pathToPointer([...shared.at, 'variables', 'copy', index, 'name'])}: a variable copy loop needs a "name"`);
          shared.variables.set(foldCase(loop.name), { source: loop, path: [...shared.at, 'variables', 'copy', index], copy: { count: loop.count, input: loop.input } });
        });
      } else shared.variables.set(foldCase(name), { source, path: [...shared.at, 'variables', name] });
    }
    for (const namespace of template.functions) {
      for (const [member, definition] of Object.entries(namespace?.members ?? {})) {
        shared.functions.set(`${foldCase(namespace.namespace)}.${foldCase(member)}`, {
          parameters: (definition.parameters ?? []).map((parameter) => parameter.name),
          output: definition.output?.value,
        });
      }
    }
    return context;
  }

  get scope(): TargetScope {
    return this.shared.scope;
  }

  get file(): string {
    return this.shared.file;
  }

  /** The JSON path of this template's top level in its file. */
  get at(): (string | number)[] {
    return this.shared.at;
  }

  /** The same template inside one more copy loop. */
  inLoop(name: string, index: number): TemplateContext {
    return new TemplateContext(this.shared, [...this.loops, { name, index }]);
  }

  /**
   * Evaluates a value written at `path` (relative to the template's top) in the file, with its
   * property copy loops (`"copy": [{"name", "count", "input"}]` in an object) expanded; an
   * expression error names the place it is written.
   */
  evaluateAt(value: unknown, path: (string | number)[], allowUtcNow = false): Value {
    // utcNow() in a parameter default stands for a fixed instant, not the scan's clock: names and ids
    // built from it must come out the same on every scan, or baselines would never match.
    const context = allowUtcNow && !('utcNow' in this) ? (Object.assign(Object.create(this), { utcNow: () => new Date(0) }) as TemplateContext) : this;
    if (Array.isArray(value)) return this.withinBound(value.map((item, index) => context.evaluateAt(item, [...path, index], allowUtcNow)), path);
    if (typeof value !== 'object' || value === null) return context.evaluateLeaf(value, path);
    const entries: [string, Value][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (key === 'copy' && Array.isArray(item) && item.every(isPropertyLoop)) {
        item.forEach((loop: { name: string; count: unknown; input: unknown }, index) => {
          const count = context.evaluateAt(loop.count, [...path, 'copy', index, 'count'], allowUtcNow);
          if (isUnknown(count)) entries.push([loop.name, count]);
          else {
            const iterations = copyCount(count, this.shared.file, [...this.shared.at, ...path, 'copy', index, 'count']);
            entries.push([loop.name, Array.from({ length: iterations }, (_, i) => context.inLoop(loop.name, i).evaluateAt(loop.input, [...path, 'copy', index, 'input'], allowUtcNow))]);
          }
        });
      } else entries.push([key, context.evaluateAt(item, [...path, key], allowUtcNow)]);
    }
    return this.withinBound(objectFrom(entries), path);
  }

  /** A value built from JSON that repeats variables can double at each level: it is held to the same bound as an expression's. */
  private withinBound(value: Value, path: (string | number)[]): Value {
    try {
      return bounded(value);
    } catch (error) {
      if (error instanceof ExpressionError) throw new UserError(`${this.shared.file}: at ${pathToPointer([...this.shared.at, ...path])}: ${error.message}`);
      throw error;
    }
  }

  private evaluateLeaf(value: unknown, path: (string | number)[]): Value {
    try {
      return evaluateTemplateValue(value, this);
    } catch (error) {
      if (error instanceof ExpressionError) throw new UserError(`${this.shared.file}: at ${pathToPointer([...this.shared.at, ...path])}: ${error.message}`);
      throw error;
    }
  }

  parameter(name: string): Value | undefined {
    const entry = this.shared.parameters.get(foldCase(name));
    if (!entry) return undefined;
    if (entry.value !== undefined) return entry.value;
    if (entry.evaluating) throw new ExpressionError(`the default value of parameter '${name}' refers to itself, directly or through other parameters`);
    entry.evaluating = true;
    try {
      entry.value = new TemplateContext(this.shared, []).evaluateAt(entry.source, entry.path.slice(this.shared.at.length), true);
      return entry.value;
    } finally {
      entry.evaluating = false;
    }
  }

  variable(name: string): Value | undefined {
    const entry = this.shared.variables.get(foldCase(name));
    if (!entry) return undefined;
    if (entry.value !== undefined) return entry.value;
    if (entry.evaluating) throw new ExpressionError(`the variable '${name}' refers to itself, directly or through other variables`);
    entry.evaluating = true;
    try {
      // Variables are evaluated outside any loop of the resource that reads them; a variable copy loop has its own.
      const base = new TemplateContext(this.shared, []);
      const relative = entry.path.slice(this.shared.at.length);
      if (entry.copy) {
        const count = copyCount(base.evaluateAt(entry.copy.count, [...relative, 'count']), this.shared.file, [...entry.path, 'count']);
        const loopName = (entry.source as { name: string }).name;
        entry.value = Array.from({ length: count }, (_, index) => base.inLoop(loopName, index).evaluateAt(entry.copy!.input, [...relative, 'input']));
      } else entry.value = base.evaluateAt(entry.source, relative);
      return entry.value;
    } finally {
      entry.evaluating = false;
    }
  }

  copyIndex(loopName?: string): number | undefined {
    if (loopName === undefined) return this.loops[this.loops.length - 1]?.index;
    return [...this.loops].reverse().find((loop) => foldCase(loop.name) === foldCase(loopName))?.index;
  }

  deployment(): Value {
    return objectFrom([
      ['name', this.shared.deploymentName],
      ['properties', objectFrom([['templateHash', new Unknown('the template hash is computed by Azure at deployment', 'deployment().properties.templateHash')]])],
      ...(this.shared.scope.kind !== 'resourceGroup' ? ([['location', this.shared.scope.location]] as const) : []),
    ]);
  }

  environment(): Value {
    // AzureCloud, as the environment() reference documents it; other clouds come with --cloud later.
    return objectFrom([
      ['name', 'AzureCloud'],
      ['gallery', 'https://gallery.azure.com/'],
      ['graph', 'https://graph.windows.net/'],
      ['portal', 'https://portal.azure.com'],
      ['graphAudience', 'https://graph.windows.net/'],
      ['activeDirectoryDataLake', 'https://datalake.azure.net/'],
      ['batch', 'https://batch.core.windows.net/'],
      ['media', 'https://rest.media.azure.net'],
      ['sqlManagement', 'https://management.core.windows.net:8443/'],
      ['vmImageAliasDoc', 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json'],
      ['resourceManager', 'https://management.azure.com/'],
      ['authentication', objectFrom([['loginEndpoint', 'https://login.microsoftonline.com/'], ['audiences', ['https://management.core.windows.net/', 'https://management.azure.com/']], ['tenant', 'common'], ['identityProvider', 'AAD']])],
      [
        'suffixes',
        objectFrom([
          ['acrLoginServer', '.azurecr.io'],
          ['azureDatalakeAnalyticsCatalogAndJob', 'azuredatalakeanalytics.net'],
          ['azureDatalakeStoreFileSystem', 'azuredatalakestore.net'],
          ['azureFrontDoorEndpointSuffix', 'azurefd.net'],
          ['keyvaultDns', '.vault.azure.net'],
          ['sqlServerHostname', '.database.windows.net'],
          ['storage', 'core.windows.net'],
        ]),
      ],
    ]);
  }

  resourceGroup(): Value | undefined {
    const { scope } = this.shared;
    if (scope.kind !== 'resourceGroup') return undefined;
    return objectFrom([
      ['id', scopeId(scope)],
      ['name', scope.resourceGroup!],
      ['type', 'Microsoft.Resources/resourceGroups'],
      ['location', scope.location],
      ['tags', objectFrom([])],
      ['properties', objectFrom([['provisioningState', 'Succeeded']])],
    ]);
  }

  subscription(): Value | undefined {
    const { scope } = this.shared;
    if (scope.kind !== 'resourceGroup' && scope.kind !== 'subscription') return undefined;
    return objectFrom([
      ['id', `/subscriptions/${scope.subscriptionId}`],
      ['subscriptionId', scope.subscriptionId],
      ['tenantId', scope.tenantId],
      ['displayName', new Unknown("a subscription's display name is known only in Azure", 'subscription().displayName')],
    ]);
  }

  tenant(): Value {
    return objectFrom([
      ['id', `/tenants/${this.shared.scope.tenantId}`],
      ['tenantId', this.shared.scope.tenantId],
      ['countryCode', new Unknown("a tenant's country is known only in Azure", 'tenant().countryCode')],
      ['displayName', new Unknown("a tenant's name is known only in Azure", 'tenant().displayName')],
    ]);
  }

  managementGroup(): Value | undefined {
    const { scope } = this.shared;
    if (scope.kind !== 'managementGroup') return undefined;
    return objectFrom([
      ['id', scopeId(scope)],
      ['name', scope.managementGroup!],
      ['type', 'Microsoft.Management/managementGroups'],
      ['properties', objectFrom([['displayName', new Unknown("a management group's display name is known only in Azure", 'managementGroup().properties.displayName')]])],
    ]);
  }

  userFunction(namespace: string, name: string): UserFunction | undefined {
    return this.shared.functions.get(`${foldCase(namespace)}.${foldCase(name)}`);
  }
}
