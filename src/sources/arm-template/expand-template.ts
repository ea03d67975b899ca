/**
 * An ARM template, with one parameter file or its defaults, expanded into the resources its
 * deployment would create: estate items like any other, so every rule, fact and join applies.
 */
import { parseJsonWithComments } from '../../json/read-json.js';
import { readDeploymentText } from './deployment-text.js';
import type { EstateResource } from '../../estate.js';
import { templateScopeOf, targetScope, type TargetOptions } from './deployment-scope.js';
import type { DeploymentScope } from './expressions/context.js';
import { expandResources } from './expand-resources.js';
import type { Value } from './expressions/values.js';
import { readParameterFile } from './parameter-file.js';
import { TemplateContext, type ParameterValues } from './template-context.js';
import { templateDocument } from './template-document.js';

/** A template file and, optionally, its parameter file, both read from disk. */
export interface TemplateRunRequest {
  template: string;
  parameters?: string;
}

/** A template's text and the file its findings point at (for Bicep, the compiled JSON of that file). */
export interface TemplateText {
  file: string;
  text: string;
}

export interface ParameterSet {
  /** The parameter file, as the user named it. */
  file: string;
  values: ParameterValues;
}

export interface ExpandOptions {
  target?: TargetOptions;
  /** The scope the deployment is sent to, when the caller knows it (a Terraform deployment's type); else the template's `$schema` tells. */
  scope?: DeploymentScope['kind'];
  /** Values for parameters that have neither a value nor a default (from the configuration). */
  defaults?: ParameterValues;
  /** How a parameter file is given to this kind of file, for the error when a value is missing. */
  parameterHint?: string;
}

export interface ExpandedTemplate {
  resources: EstateResource[];
  warnings: string[];
}

/** Reads a template (and its parameter file) from disk and expands it. */
export function expandTemplate(run: TemplateRunRequest, target: TargetOptions = {}): ExpandedTemplate {
  const text = readDeploymentText(run.template, 'an ARM template').json;
  const parameters = run.parameters !== undefined ? { file: run.parameters, values: readParameterFile(run.parameters).values } : undefined;
  return expandTemplateText({ file: run.template, text }, parameters, { target });
}

export function expandTemplateText(template: TemplateText, parameters: ParameterSet | undefined, options: ExpandOptions = {}): ExpandedTemplate {
  return expandTemplateValue(parseJsonWithComments(template.text, template.file, 'an ARM template'), template.file, parameters, options);
}

/** The same for a template already parsed (one an azapi deployment carries in its body), `file` naming where it is. */
export function expandTemplateValue(value: unknown, file: string, parameters: ParameterSet | undefined, options: ExpandOptions = {}): ExpandedTemplate {
  const document = templateDocument(value, file);
  const scope = targetScope(options.scope ?? templateScopeOf(document.schema) ?? 'resourceGroup', options.target);
  const context = TemplateContext.of(document, file, scope, parameters?.values ?? new Map<string, Value>(), {
    ...(parameters ? { parameterSource: parameters.file } : {}),
    ...(options.defaults ? { defaults: options.defaults } : {}),
    ...(options.parameterHint !== undefined ? { parameterHint: options.parameterHint } : {}),
  });
  const expansion = expandResources(context, document.resources);
  return {
    resources: expansion.resources.map(({ resource, path, declaredAs, copy, propertyCopies, unknown }) => ({
      resource,
      type: resource.type!,
      origin: {
        file: file,
        path,
        declared: { as: declaredAs, ...(parameters ? { parameters: parameters.file } : {}), ...(copy ? { copy } : {}), ...(propertyCopies.length > 0 ? { propertyCopies } : {}) },
      },
      unknown,
    })),
    warnings: expansion.warnings,
  };
}

