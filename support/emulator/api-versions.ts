/**
 * api-versions the emulator accepts per route, like ARM: a request with another version fails
 * with 400 InvalidApiVersionParameter. Each list holds the version the installed SDK sends and
 * a few published ones (azure-rest-api-specs).
 */
const COMPUTE = ['2026-03-01', '2025-04-01', '2024-11-01', '2024-07-01'];
const NETWORK = ['2025-05-01', '2025-03-01', '2024-07-01', '2024-05-01'];
const AKS = ['2026-04-01', '2025-10-01', '2025-07-01', '2024-09-01'];
const ML = ['2022-10-01', '2024-10-01', '2025-06-01'];

export const API_VERSIONS: Record<string, readonly string[]> = {
  subscriptions: ['2022-12-01', '2021-01-01', '2020-01-01'],
  'microsoft.resources/resourcegroups': ['2025-04-01', '2024-11-01', '2024-03-01', '2021-04-01'],
  'microsoft.managedidentity/userassignedidentities': ['2023-01-31', '2024-11-30'],
  'microsoft.authorization/roledefinitions': ['2022-04-01', '2022-05-01-preview'],
  'microsoft.authorization/roleassignments': ['2022-04-01', '2020-10-01'],
  // PIM schedule instances: @azure/arm-authorization sends the stable 2020-10-01; the others are published previews.
  'microsoft.authorization/roleeligibilityscheduleinstances': ['2020-10-01', '2020-10-01-preview', '2024-09-01-preview'],
  'microsoft.authorization/roleassignmentscheduleinstances': ['2020-10-01', '2020-10-01-preview', '2024-09-01-preview'],
  'microsoft.authorization/classicadministrators': ['2015-07-01', '2015-06-01'],
  'microsoft.compute/virtualmachines': COMPUTE,
  'microsoft.compute/virtualmachinescalesets': COMPUTE,
  'microsoft.compute/locations/usages': COMPUTE,
  // Resource SKUs have versions of their own (Azure/azure-rest-api-specs …/Microsoft.Compute/Skus/stable/); @azure/arm-compute sends 2021-07-01.
  'microsoft.compute/skus': ['2021-07-01', '2019-04-01', '2017-09-01'],
  'microsoft.network/networkinterfaces': NETWORK,
  'microsoft.network/publicipaddresses': NETWORK,
  'microsoft.insights/autoscalesettings': ['2022-10-01', '2021-05-01-preview', '2015-04-01'],
  'microsoft.containerservice/managedclusters': AKS,
  'microsoft.containerservice/managedclusters/managednamespaces': AKS,
  'microsoft.machinelearningservices/workspaces': ML,
  'microsoft.machinelearningservices/workspaces/computes': ML,
  'microsoft.machinelearningservices/locations/usages': ML,
  'microsoft.machinelearningservices/locations/quotas': ML,
  'microsoft.resourcegraph/resources': ['2021-03-01', '2022-10-01', '2024-04-01'],
};
