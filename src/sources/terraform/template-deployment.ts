/**
 * ARM template deployments of a Terraform plan: `azurerm_resource_group_template_deployment` and its
 * subscription, management group and tenant siblings deploy the template in `template_content` with
 * the values of `parameters_content`. Its resources are expanded as a template file's are, and
 * scanned; findings point at the deployment's block. Passed over, anything could be deployed
 * unscanned behind one Terraform resource.
 */
import type { EstateResource, JsonPath } from '../../estate.js';
import { UserError } from '../../errors.js';
import { isRecord } from '../../json/is-record.js';
import { parseJsonText } from '../../json/read-json.js';
import { shown } from '../../text/shown.js';
import { Unknown, type Value } from '../arm-template/expressions/values.js';
import type { DeploymentScope } from '../arm-template/expressions/context.js';
import { expandTemplateText } from '../arm-template/expand-template.js';
import { parameterFileValues } from '../arm-template/parameter-file.js';
import { unknownAt } from './map-plan.js';
import type { PlanFile, PlannedResource } from './plan-file.js';

/** Each deployment type, and the scope it deploys at (ARM takes the scope from the request, not the template's $schema). */
const SCOPES: Record<string, DeploymentScope['kind']> = {
  azurerm_resource_group_template_deployment: 'resourceGroup',
  azurerm_subscription_template_deployment: 'subscription',
  azurerm_management_group_template_deployment: 'managementGroup',
  azurerm_tenant_template_deployment: 'tenant',
};

export function isTemplateDeploymentType(type: string): boolean {
  return Object.hasOwn(SCOPES, type);
}

/** The templates a plan's deployments deploy (their `template_content`, parsed), with the deployment's address. */
export function deployedTemplates(plan: PlanFile): { address: string; template: unknown }[] {
  return plan.resources.flatMap((planned) => {
    const content = isTemplateDeploymentType(planned.type) ? knownText(planned, 'template_content') : undefined;
    if (content === undefined) return [];
    try {
      return [{ address: planned.address, template: JSON.parse(content) as unknown }];
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
}

export function mapTemplateDeployments(plan: PlanFile, file: string, context: TemplateDeploymentContext): void {
  for (const planned of plan.resources.filter((entry) => isTemplateDeploymentType(entry.type))) {
    const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
    const template = knownText(planned, 'template_content');
    if (template === undefined) {
      const spec = knownText(planned, 'template_spec_version_id');
      context.warnings.push(
        spec !== undefined
          ? `${file}: ${planned.address} deploys the template spec ${shown(spec)}, which aiscan cannot read: its resources are not scanned; scan the template the spec was made from`
          : `${file}: ${planned.address}: its template_content is known only after terraform apply: the resources it deploys are not scanned`,
      );
      continue;
    }
    const label = `${file}: ${planned.address}`;
    // The provider reads both with Go's encoding/json: JSON, no comments.
    const document = parseJson(template, `${label}: template_content`);
    const scope = SCOPES[planned.type];
    const target = {
      ...(context.subscriptionId !== undefined ? { subscriptionId: context.subscriptionId } : {}),
      ...(scope === 'resourceGroup' ? optional('resourceGroup', context.resourceGroupOf(planned)) : {}),
      ...(scope === 'managementGroup' ? optional('managementGroup', knownText(planned, 'management_group_id')?.split('/').pop()) : {}),
      ...optional('location', knownText(planned, 'location')),
    };
    const text = JSON.stringify(withScopeSchema(document, scope));
    const expanded = expandTemplateText({ file: label, text }, { file: `${planned.address}.parameters_content`, values: parameterValues(planned, document, label) }, { target });
    context.warnings.push(...expanded.warnings);
    for (const resource of expanded.resources) {
      // At the template_content attribute: a value the template sets is not the deployment's own (its tags are not the compute's).
      context.resources.push({ ...resource, origin: { file, path: [...afterPath, 'template_content'], declared: { as: planned.address } } });
    }
  }
}

/** The values `parameters_content` gives; when it is known only after apply, every parameter of the template is unknown. */
function parameterValues(planned: PlannedResource, document: Record<string, unknown>, label: string): Map<string, Value> {
  if (unknownAt(planned.afterUnknown, ['parameters_content'])) {
    const names = isRecord(document.parameters) ? Object.keys(document.parameters) : [];
    return new Map(names.map((name) => [name, new Unknown('parameters_content is known only after terraform apply', `${planned.address}.parameters_content`)]));
  }
  const content = knownText(planned, 'parameters_content');
  if (content === undefined || content.trim() === '') return new Map();
  parseJson(content, `${label}: parameters_content`);
  return parameterFileValues(content, `${label}: parameters_content`).values;
}

/**
 * The template with the `$schema` of the scope the Terraform type deploys at: aiscan reads the scope
 * from `$schema`, ARM from where the deployment is sent, which here is the resource type's.
 */
function withScopeSchema(document: Record<string, unknown>, scope: DeploymentScope['kind']): Record<string, unknown> {
  const prefix = scope === 'resourceGroup' ? '' : scope;
  return { ...document, $schema: `https://schema.management.azure.com/schemas/2019-04-01/${prefix}${prefix === '' ? 'd' : 'D'}eploymentTemplate.json#` };
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
