/**
 * ARM template deployments of a Terraform plan: `azurerm_resource_group_template_deployment` and its
 * subscription, management group and tenant siblings deploy the template in `template_content` with
 * the values of `parameters_content` (the legacy `azurerm_template_deployment`: `template_body`,
 * `parameters_body` or `parameters`), and an `azapi_resource` of type
 * `Microsoft.Resources/deployments` the one in its body. Their resources are expanded as a template
 * file's are, and scanned; findings point into the template's file when the block reads it from one
 * (locate-tf.ts), else at the block's template attribute. Passed over, anything could be deployed
 * unscanned behind one Terraform resource.
 */
import type { EstateResource, JsonPath, ResourceOrigin } from '../../estate.js';
import { UserError } from '../../errors.js';
import { equalsIgnoringCase, parseResourceId } from '../../ids.js';
import { isRecord } from '../../json/is-record.js';
import { parseJsonText } from '../../json/read-json.js';
import { shown } from '../../text/shown.js';
import { Unknown, type Value } from '../arm-template/expressions/values.js';
import type { DeploymentScope } from '../arm-template/expressions/context.js';
import { expandTemplateText, expandTemplateValue } from '../arm-template/expand-template.js';
import { parameterFileValues } from '../arm-template/parameter-file.js';
import { bodyOf } from './azapi.js';
import { unknownAt, unknownWithin } from './map-plan.js';
import type { PlanFile, PlannedResource } from './plan-file.js';

/**
 * Each deployment type: the scope it deploys at (ARM takes the scope from the request, not the
 * template's $schema), and the attributes holding the template and its parameters. The legacy
 * `azurerm_template_deployment` (removed in azurerm 4.0) names them `template_body` and
 * `parameters_body`, or takes a `parameters` map of strings.
 */
const TYPES: Record<string, { scope: DeploymentScope['kind']; template: string; parameters: string; parameterStrings?: string }> = {
  azurerm_resource_group_template_deployment: { scope: 'resourceGroup', template: 'template_content', parameters: 'parameters_content' },
  azurerm_subscription_template_deployment: { scope: 'subscription', template: 'template_content', parameters: 'parameters_content' },
  azurerm_management_group_template_deployment: { scope: 'managementGroup', template: 'template_content', parameters: 'parameters_content' },
  azurerm_tenant_template_deployment: { scope: 'tenant', template: 'template_content', parameters: 'parameters_content' },
  azurerm_template_deployment: { scope: 'resourceGroup', template: 'template_body', parameters: 'parameters_body', parameterStrings: 'parameters' },
};

export function isTemplateDeploymentType(type: string): boolean {
  return Object.hasOwn(TYPES, type);
}

/** `azapi_resource` of a `Microsoft.Resources/deployments@…` type: a deployment, its template in `body.properties`. */
const AZAPI_DEPLOYMENT = /^Microsoft\.Resources\/deployments@/i;

function isAzapiDeployment(planned: PlannedResource): boolean {
  return planned.type === 'azapi_resource' && typeof planned.after.type === 'string' && AZAPI_DEPLOYMENT.test(planned.after.type);
}

/**
 * The templates a plan's deployments deploy (`template_content` parsed, or an azapi body's
 * template), with the deployment's address and the attribute that gives the template its parameters.
 */
export function deployedTemplates(plan: PlanFile): { address: string; template: unknown; parameters: string }[] {
  return plan.resources.flatMap((planned) => {
    try {
      if (isAzapiDeployment(planned)) {
        const properties = unknownAt(planned.afterUnknown, ['body']) ? undefined : bodyOf(planned)?.properties;
        const template = isRecord(properties) ? properties.template : undefined;
        return isRecord(template) ? [{ address: planned.address, template, parameters: 'body.properties.parameters' }] : [];
      }
      const content = isTemplateDeploymentType(planned.type) ? knownText(planned, TYPES[planned.type].template) : undefined;
      return content === undefined ? [] : [{ address: planned.address, template: JSON.parse(content) as unknown, parameters: TYPES[planned.type].parameters }];
    } catch {
      return []; // mapTemplateDeployments says what is wrong with it
    }
  });
}

export interface TemplateDeploymentContext {
  resources: EstateResource[];
  warnings: string[];
  subscriptionId?: string;
  /** The name of the resource group a planned resource's `resource_group_name` names, followed through the plan. */
  resourceGroupOf: (planned: PlannedResource) => string | undefined;
  /** The id an azapi resource's `parent_id` names, followed through the plan. */
  parentOf: (planned: PlannedResource) => string | undefined;
}

export function mapTemplateDeployments(plan: PlanFile, file: string, context: TemplateDeploymentContext): void {
  for (const planned of plan.resources.filter((entry) => isTemplateDeploymentType(entry.type))) {
    const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
    const attributes = TYPES[planned.type];
    const template = knownText(planned, attributes.template);
    if (template === undefined) {
      const spec = knownText(planned, 'template_spec_version_id');
      context.warnings.push(
        spec !== undefined
          ? `${file}: ${planned.address} deploys the template spec ${shown(spec)}, which aiscan cannot read: its resources are not scanned; scan the template the spec was made from`
          : `${file}: ${planned.address}: its ${attributes.template} is known only after terraform apply: the resources it deploys are not scanned`,
      );
      continue;
    }
    const label = `${file}: ${planned.address}`;
    // The provider reads both with Go's encoding/json: JSON, no comments.
    const document = parseJson(template, `${label}: ${attributes.template}`);
    const scope = attributes.scope;
    const target = {
      ...(context.subscriptionId !== undefined ? { subscriptionId: context.subscriptionId } : {}),
      ...(scope === 'resourceGroup' ? optional('resourceGroup', context.resourceGroupOf(planned)) : {}),
      ...(scope === 'managementGroup' ? optional('managementGroup', knownText(planned, 'management_group_id')?.split('/').pop()) : {}),
      ...optional('location', knownText(planned, 'location')),
    };
    const values = parameterValues(planned, attributes.parameters, document, label);
    if (attributes.parameterStrings !== undefined) for (const [name, value] of parameterStrings(planned, attributes.parameterStrings, document)) values.set(name, value);
    // ARM takes the scope from where the deployment is sent, which here is the resource type's, not from $schema.
    const expanded = expandTemplateText({ file: label, text: template }, { file: `${planned.address}.${attributes.parameters}`, values }, { target, scope });
    context.warnings.push(...expanded.warnings);
    for (const resource of expanded.resources) {
      // At the template's attribute (a value the template sets is not the deployment's own: its tags
      // are not the compute's), unless locate-tf.ts finds the file the template was read from.
      const declared = { as: planned.address, deployedFrom: { attribute: attributes.template, template, origin: resource.origin } };
      context.resources.push({ ...resource, origin: { file, path: [...afterPath, attributes.template], declared } });
    }
  }
  for (const planned of plan.resources.filter(isAzapiDeployment)) mapAzapiDeployment(planned, file, context);
}

/**
 * An `azapi_resource` that creates a `Microsoft.Resources/deployments`: the template in
 * `body.properties.template` (azapi 2.x writes `body` as an object, 1.x as a JSON string) is
 * expanded with `body.properties.parameters`, at the scope of `parent_id`, as ARM would deploy it.
 * Findings point at the block's `body`. A `templateLink` or `parametersLink` (a URL) is not fetched.
 */
function mapAzapiDeployment(planned: PlannedResource, file: string, context: TemplateDeploymentContext): void {
  const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
  const label = `${file}: ${planned.address}`;
  const notScanned = (why: string): void => {
    context.warnings.push(`${label}: ${why}: the resources it deploys are not scanned`);
  };
  const textBody = typeof planned.after.body === 'string';
  if (unknownAt(planned.afterUnknown, ['body'])) return notScanned('its body is known only after terraform apply');
  const body = textBody ? parseJson(planned.after.body as string, `${label}: body`) : planned.after.body;
  const properties = isRecord(body) && isRecord(body.properties) ? body.properties : {};
  // In a text body nothing inside is marked unknown: it is known whole, or not at all.
  const unknownIn = (path: JsonPath) => !textBody && unknownWithin(planned.afterUnknown, ['body', 'properties', ...path]);
  // A template with a value known only after apply would be expanded without it: what rules decide on could be missing.
  if (unknownIn(['template'])) return notScanned('its body.properties.template holds values known only after terraform apply');
  if (!isRecord(properties.template)) {
    const link = isRecord(properties.templateLink) && typeof properties.templateLink.uri === 'string' ? properties.templateLink.uri : undefined;
    return notScanned(link !== undefined ? `it deploys the template at ${shown(link)}, which aiscan does not fetch; scan that template` : 'its body.properties holds no template aiscan can read');
  }
  const declaredNames = isRecord(properties.template.parameters) ? Object.keys(properties.template.parameters) : [];
  const values = new Map<string, Value>();
  // Parameters known only after apply as a whole (not one of them: the others keep their values).
  if (isRecord(properties.parametersLink) || (!textBody && unknownAt(planned.afterUnknown, ['body', 'properties', 'parameters']))) {
    const why = isRecord(properties.parametersLink) ? 'given by a parametersLink, which aiscan does not fetch' : 'body.properties.parameters is known only after terraform apply';
    for (const name of declaredNames) values.set(name, new Unknown(why, `${planned.address}.body.properties.parameters`));
  } else if (isRecord(properties.parameters)) {
    // A parameter whose value is known only after apply (a module's output) has none in the plan: it is unknown, the others are read.
    const later = Object.keys(properties.parameters).filter((name) => unknownIn(['parameters', name]));
    for (const name of later) values.set(name, new Unknown('known only after terraform apply', `${planned.address}.body.properties.parameters.${name}`));
    const known = Object.fromEntries(Object.entries(properties.parameters).filter(([name]) => !later.includes(name)));
    for (const [name, value] of parameterFileValues(JSON.stringify({ parameters: known }), `${label}: body.properties.parameters`).values) values.set(name, value);
  }
  const { scope, target } = deploymentTarget(knownText(planned, 'parent_id') ?? context.parentOf(planned), context.subscriptionId);
  const expanded = expandTemplateValue(
    properties.template,
    label,
    { file: `${planned.address}.body.properties.parameters`, values },
    { target: { ...target, ...optional('location', knownText(planned, 'location')) }, scope },
  );
  context.warnings.push(...expanded.warnings);
  const path = textBody ? [...afterPath, 'body'] : [...afterPath, 'body', 'properties', 'template'];
  // (In a text body too, the `.tf` block writes the template at body.properties.template, inside jsonencode().)
  const template = properties.template;
  const deployedFrom = (origin: ResourceOrigin) => ({ attribute: 'body.properties.template', template, origin });
  for (const resource of expanded.resources) context.resources.push({ ...resource, origin: { file, path, declared: { as: planned.address, deployedFrom: deployedFrom(resource.origin) } } });
}

/** The scope an azapi deployment's `parent_id` names (a resource group when it cannot be told, as ARM's default). */
function deploymentTarget(parent: string | undefined, subscriptionId: string | undefined): { scope: DeploymentScope['kind']; target: Record<string, string> } {
  const ids = parent === undefined ? {} : parseResourceId(parent);
  const subscription = { ...optional('subscriptionId', ids.subscriptionId ?? subscriptionId) };
  if (parent === '/') return { scope: 'tenant', target: {} };
  if (ids.resourceGroup !== undefined && equalsIgnoringCase(ids.type ?? '', 'Microsoft.Resources/resourceGroups')) return { scope: 'resourceGroup', target: { ...subscription, resourceGroup: ids.resourceGroup } };
  if (ids.subscriptionId !== undefined && equalsIgnoringCase(ids.type ?? '', 'Microsoft.Resources/subscriptions')) return { scope: 'subscription', target: subscription };
  if (ids.managementGroup !== undefined && equalsIgnoringCase(ids.type ?? '', 'Microsoft.Management/managementGroups')) return { scope: 'managementGroup', target: { managementGroup: ids.managementGroup } };
  return { scope: 'resourceGroup', target: subscription };
}

/** The values the parameters attribute (`parameters_content`) gives; when it is known only after apply, every parameter of the template is unknown. */
function parameterValues(planned: PlannedResource, attribute: string, document: Record<string, unknown>, label: string): Map<string, Value> {
  if (unknownAt(planned.afterUnknown, [attribute])) {
    const names = isRecord(document.parameters) ? Object.keys(document.parameters) : [];
    return new Map(names.map((name) => [name, new Unknown(`${attribute} is known only after terraform apply`, `${planned.address}.${attribute}`)]));
  }
  const content = knownText(planned, attribute);
  if (content === undefined || content.trim() === '') return new Map();
  parseJson(content, `${label}: ${attribute}`);
  return parameterFileValues(content, `${label}: ${attribute}`).values;
}

/**
 * The legacy `parameters` map: each value is a string, which ARM takes as it is for a string
 * parameter; for one of another type it would have to convert it, which aiscan does not guess: such
 * a value is unknown, as is every value of a map known only after apply.
 */
function parameterStrings(planned: PlannedResource, attribute: string, document: Record<string, unknown>): Map<string, Value> {
  const declared = isRecord(document.parameters) ? document.parameters : {};
  const typeOf = (name: string) => {
    const key = Object.keys(declared).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const declaration = key === undefined ? undefined : declared[key];
    return isRecord(declaration) && typeof declaration.type === 'string' ? declaration.type.toLowerCase() : undefined;
  };
  const unknown = (name: string, why: string) => new Unknown(why, `${planned.address}.${attribute}["${name}"]`);
  if (unknownAt(planned.afterUnknown, [attribute])) return new Map(Object.keys(declared).map((name) => [name, unknown(name, `${attribute} is known only after terraform apply`)]));
  const map = planned.after[attribute];
  const values = new Map<string, Value>();
  if (!isRecord(map)) return values;
  for (const [name, value] of Object.entries(map)) {
    if (typeof value !== 'string' || unknownAt(planned.afterUnknown, [attribute, name])) values.set(name, unknown(name, 'known only after terraform apply'));
    else if (typeOf(name) === 'string' || typeOf(name) === 'securestring') values.set(name, value);
    else values.set(name, unknown(name, `a string given for a parameter of type ${typeOf(name) ?? 'unknown'}, which ARM converts`));
  }
  return values;
}

/** `label:line:column: what is wrong`, never the text itself, when the text is not JSON, as the provider reads it. */
function parseJson(text: string, label: string): Record<string, unknown> {
  const value = parseJsonText(text, label, 'what the azurerm provider deploys');
  if (!isRecord(value)) throw new UserError(`${label} is not a JSON object`);
  return value;
}

function knownText(planned: PlannedResource, attribute: string): string | undefined {
  const value = planned.after[attribute];
  return typeof value === 'string' && value !== '' && !unknownAt(planned.afterUnknown, [attribute]) ? value : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
