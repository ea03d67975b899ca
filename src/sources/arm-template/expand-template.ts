/**
 * An ARM template, with one parameter file or its defaults, expanded into the resources its
 * deployment would create: estate items like any other, so every rule, fact and join applies.
 */
import { parseJsonWithComments, readTextFile } from '../../json/read-json.js';
import type { EstateResource } from '../../estate.js';
import { templateScopeOf, targetScope, type TargetOptions } from './deployment-scope.js';
import { expandResources, type UnknownValue } from './expand-resources.js';
import { readParameterFile } from './parameter-file.js';
import { TemplateContext } from './template-context.js';
import { templateDocument } from './template-document.js';

export interface TemplateRunRequest {
  template: string;
  parameters?: string;
}

export interface ExpandedTemplate {
  resources: (EstateResource & { unknown: UnknownValue[] })[];
  warnings: string[];
}

export function expandTemplate(run: TemplateRunRequest, target: TargetOptions = {}): ExpandedTemplate {
  const value = parseJsonWithComments(readTextFile(run.template, 'an ARM template'), run.template, 'an ARM template');
  const document = templateDocument(value, run.template);
  const supplied = run.parameters !== undefined ? readParameterFile(run.parameters) : new Map();
  const scope = targetScope(templateScopeOf(document.schema) ?? 'resourceGroup', target);
  const context = TemplateContext.of(document, run.template, scope, supplied, run.parameters !== undefined ? { parameterSource: run.parameters } : {});
  const expansion = expandResources(context, document.resources);
  return {
    resources: expansion.resources.map(({ resource, path, unknown }) => ({ resource, type: resource.type!, origin: { file: run.template, path }, unknown })),
    warnings: expansion.warnings,
  };
}
