/**
 * The facts contract: every fact aiscan derives, the item types it is set on, the resource types
 * it is computed from, and its JSON shape. It is the one place facts are described: the facts
 * code is typed by it (FactValue, Facts), schemas/facts.schema.json is generated from it
 * (scripts/generate-facts-schema.ts; a test fails when they drift), rules are checked against it
 * when they load, a rule's required types are derived from the facts it reads, and the property
 * paths each fact reads (src/facts/fact-reads.ts) tell which facts a value unknown before
 * deployment leaves undecided (test/facts/fact-reads.test.ts records what the facts code really
 * reads and fails when a path is missing here).
 *
 * It is data in TypeScript, not a JSON file, because TypeScript derives types only from a value it
 * sees as `as const`: a JSON import is widened to `string`/`boolean`, so a JSON source would need a
 * code generator and a second drift check, where this needs one generated file.
 */
import type { SchemaType, ShapeSchema } from './schema-type.js';
import { KUBERNETES_WORKLOAD_TYPES, TYPE_NAMES as T } from './resource-types.js';

/** Where a fact is set, and what it is computed from besides the item's own document. */
export interface FactPlacement {
  /** Item types the fact is set on; `*` for every item, whatever its type. */
  readonly types: readonly string[] | '*';
  /**
   * Resource types whose data the fact reads, besides the item's own document. Where one of them
   * could not be read, a rule that reads the fact is not evaluated (see src/engine/required-types.ts).
   */
  readonly from: readonly string[];
  /**
   * The paths of the item's own document the fact is computed from, as the document holds them:
   * dotted names (`properties.hardwareProfile.vmSize`), `[]` for every element of an array, `*` for
   * any key. A value there that is unknown before deployment makes the fact unknown too. `id` and
   * `name` are listed where read, though always known.
   */
  readonly reads: readonly string[];
  /** The paths read on the resources of each type in `from`, by that type: an entry for each. */
  readonly readsFrom?: Readonly<Record<string, readonly string[]>>;
}

export interface FactDefinition {
  readonly description: string;
  readonly on: readonly FactPlacement[];
  readonly schema: ShapeSchema;
}

/** Compute whose size can be a GPU size: what makes a scope a "GPU scope". */
const GPU_HOLDERS = [T.virtualMachine, T.scaleSet, T.agentPool, T.mlCompute] as const;

type GpuHolder = (typeof GPU_HOLDERS)[number];

/** Where each kind of compute keeps its VM size (src/facts/vm-size.ts): every GPU fact reads it. */
const VM_SIZE = {
  [T.virtualMachine]: 'properties.hardwareProfile.vmSize',
  [T.scaleSet]: 'sku.name',
  [T.agentPool]: 'vmSize',
  [T.mlCompute]: 'properties.properties.vmSize',
} as const satisfies Record<GpuHolder, string>;

/**
 * Where any GPU holder keeps its size. A fact set on all of them lists every place: each holder's
 * documents have only its own, so the others never hold a value there, known or not.
 */
const VM_SIZES = [VM_SIZE[T.virtualMachine], VM_SIZE[T.scaleSet], VM_SIZE[T.agentPool], VM_SIZE[T.mlCompute]] as const;

/**
 * What the GPU scopes are made of (rbac.ts gpuScopeKeys): each holder's id places it in its
 * resource group and subscription, its size says whether it is GPU compute.
 */
const GPU_SCOPE_READS = {
  [T.virtualMachine]: ['id', VM_SIZE[T.virtualMachine]],
  [T.scaleSet]: ['id', VM_SIZE[T.scaleSet]],
  [T.agentPool]: ['id', VM_SIZE[T.agentPool]],
  [T.mlCompute]: ['id', VM_SIZE[T.mlCompute]],
} as const satisfies Record<GpuHolder, readonly string[]>;

/** What a cluster's pools are joined by (their id) and judged on (mode, size): src/facts/aks.ts. */
const POOL_OF_CLUSTER_READS = ['id', 'mode', VM_SIZE[T.agentPool]] as const;

/** The family and what is left of a compute usage (src/facts/quota.ts), and where it is joined: subscription (id) and region. */
const USAGE_READS = ['id', 'name', 'location', 'properties.name.value', 'properties.currentValue', 'properties.limit'] as const;

/** What the Azure ML capacity joins read of an Azure ML usage or quota item besides its id, name and location (src/facts/ml-quota.ts). */
const ML_ITEM_READS = ['properties.id', 'properties.type', 'properties.name.value', 'properties.name.localizedValue', 'properties.limit'] as const;

/** What the SKU joins read of a resource SKU (src/facts/sku-availability.ts), and where it is: subscription (id) and region. */
const SKU_READS = [
  'id',
  'name',
  'location',
  'properties.family',
  'properties.capabilities[].name',
  'properties.capabilities[].value',
  'properties.locationInfo[].location',
  'properties.locationInfo[].zones',
  'properties.restrictions[].type',
  'properties.restrictions[].values',
  'properties.restrictions[].reasonCode',
  'properties.restrictions[].restrictionInfo.locations',
  'properties.restrictions[].restrictionInfo.zones',
] as const;

/** Where the zones of a holder that has them are written. */
const ZONES = { [T.virtualMachine]: 'zones', [T.scaleSet]: 'zones', [T.agentPool]: 'availabilityZones' } as const;

const GPU_SHAPE = {
  type: 'object',
  additionalProperties: false,
  required: ['size', 'known', 'isGpu', 'accelerator', 'acceleratedNetworking'],
  properties: {
    size: { type: 'string', description: 'The size name as given.' },
    known: { type: 'boolean', description: 'True when the size is listed in the catalogue; false for a series-pattern match or the generic N-series fallback.' },
    isGpu: { type: 'boolean', description: 'True for GPU sizes; false for FPGA (NP) sizes and for sizes outside the N-series.' },
    accelerator: { enum: ['gpu', 'fpga', 'none'] },
    series: { type: 'string', description: 'The size series as the catalogue names it, e.g. "NC_A100_v4", "ND_H100_v5".' },
    family: { type: 'string', description: 'vCPU quota family, spelled exactly as Azure spells it (spacing and case vary between families), e.g. "StandardNCADSA100v4Family", "Standard NCASv3_T4 Family".' },
    gpuModel: {
      type: 'string',
      description: 'The accelerator as the catalogue names it, e.g. "NVIDIA H100", "NVIDIA A100 80GB", "AMD Instinct MI300X" (every value is in src/facts/gpu-vm-sizes.json).',
    },
    gpuCount: { type: 'number', description: 'Whole devices, or a fraction for partial-GPU sizes such as NVv4.' },
    vCPUs: { type: 'integer' },
    acceleratedNetworking: { type: ['boolean', 'null'], description: 'Whether the size supports accelerated networking; null when unknown.' },
    retired: { type: 'boolean' },
    fromSku: {
      enum: [true],
      description:
        "Set when the catalogue does not know the size (neither lists it nor matches its series) and the size's resource SKU in the estate reports GPUs: it is then a GPU size with the SKU's GPU and vCPU counts and quota family, and the scan warns that the catalogue should learn it.",
    },
  },
} as const satisfies ShapeSchema;

const STRINGS = { type: 'array', items: { type: 'string' } } as const satisfies ShapeSchema;

/** Tags as name and value: the name A-Z lower-cased (Azure compares tag names ignoring case), the value as written. */
const TAG_VALUES = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'value'],
    properties: { name: { type: 'string', description: 'A-Z lower-cased.' }, value: { type: 'string' } },
  },
} as const satisfies ShapeSchema;

/** Where a Kubernetes fact was read in its manifest or object: a JSON path, so a finding points there. */
const AT = { type: 'array', items: { description: 'A property name (string) or an array index (integer).' }, description: 'Where in the object it is written, as a JSON path.' } as const satisfies ShapeSchema;

const CONTAINER_ENTRIES = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['container', 'at'],
    properties: { container: { type: 'string' }, at: AT, detail: { type: 'string' } },
  },
} as const satisfies ShapeSchema;

/**
 * What a join that finds GPU workloads reads on each workload type: its id, and what the workload
 * fact is computed from (the pod spec is under `template` in a PodTemplate, under `spec` in every
 * other kind), plus `extra` (the namespace, the name).
 */
function workloadReads(extra: readonly string[]): Record<string, readonly string[]> {
  return Object.fromEntries(KUBERNETES_WORKLOAD_TYPES.map((type) => [type, ['id', ...extra, 'apiVersion', 'kind', type === 'Kubernetes.core/PodTemplate' ? 'template' : 'spec']]));
}

/** What the quota joins read of a ResourceQuota (src/facts/kubernetes-namespaces.ts readQuota), and where it is. */
const RESOURCE_QUOTA_READS = ['id', 'name', 'metadata.namespace', 'spec.hard', 'spec.scopes', 'spec.scopeSelector'] as const;

/** The id of a Kubernetes object in the estate (an ARM-style id under its cluster, docs/kubernetes.md): where a finding's reader finds it. */
const OBJECT_ID = { type: 'string', description: "The object's id in the estate (docs/kubernetes.md), which names its cluster and namespace." } as const satisfies ShapeSchema;

const POD_TEMPLATE_SHAPE = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'role', 'gpuLimit', 'requestsGpu', 'gpuRequestsWithoutLimit', 'deviceBypass', 'tolerations', 'nodeSelection', 'privileged', 'hostNamespaces', 'hostPathVolumes', 'mayRunAsRoot', 'images'],
  properties: {
    at: AT,
    role: { type: 'string', description: "The template's part of the workload: 'pod', 'template', a Kubeflow replica type ('Master', 'Worker'), a Ray group ('head' or its groupName), a KServe component ('predictor')." },
    gpuLimit: { type: 'number', description: "GPUs one pod of the template holds: the larger of the sum of its containers' nvidia.com/gpu limits and its largest init container's." },
    requestsGpu: { type: 'boolean', description: 'A container or init container names nvidia.com/gpu in its limits or requests.' },
    gpuRequestsWithoutLimit: { ...CONTAINER_ENTRIES, description: 'Containers whose requests name nvidia.com/gpu and whose limits do not.' },
    deviceBypass: {
      ...CONTAINER_ENTRIES,
      description: "Containers without a nvidia.com/gpu limit that reach GPUs around the device plugin: NVIDIA_VISIBLE_DEVICES set (other than 'void', 'none' or empty), or a hostPath mount of /dev or /dev/nvidia*.",
    },
    tolerations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator', 'value', 'effect', 'at'],
        properties: { key: { type: ['string', 'null'] }, operator: { enum: ['Equal', 'Exists'] }, value: { type: ['string', 'null'] }, effect: { type: ['string', 'null'] }, at: AT },
      },
    },
    nodeSelection: {
      type: 'array',
      description: 'Node labels the pods must have: nodeSelector entries (term null) and required node affinity `In` expressions (term: the index of their nodeSelectorTerm; a node needs to match one term, all of its expressions).',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['label', 'values', 'term', 'at'],
        properties: { label: { type: 'string' }, values: STRINGS, term: { type: ['integer', 'null'] }, at: AT },
      },
    },
    privileged: { ...CONTAINER_ENTRIES, description: 'Containers (init containers too) that are privileged or add the SYS_ADMIN or ALL capability.' },
    hostNamespaces: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['field', 'at'], properties: { field: { enum: ['hostPID', 'hostIPC', 'hostNetwork'] }, at: AT } },
    },
    hostPathVolumes: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['volume', 'path', 'at'], properties: { volume: { type: 'string' }, path: { type: 'string' }, at: AT } },
    },
    mayRunAsRoot: { ...CONTAINER_ENTRIES, description: 'Containers whose effective runAsNonRoot is not true and whose effective runAsUser is not a positive integer.' },
    images: STRINGS,
  },
} as const satisfies ShapeSchema;

export const FACTS = {
  gpu: {
    description:
      "What the VM size carries, from the catalogue in src/facts/gpu-vm-sizes.json (with a name-pattern fallback); a size the catalogue does not know whose resource SKU (Microsoft.Compute/locations/skus) in the estate reports GPUs is a GPU size with the SKU's counts and family (fromSku), and the scan warns. The SKUs are not a source it needs: where they were not read, the catalogue decides alone, as before they were read. Set where the resource names a VM size: properties.hardwareProfile.vmSize (VMs), sku.name (scale sets), vmSize (AKS pools), properties.properties.vmSize (ML computes).",
    on: [{ types: GPU_HOLDERS, from: [], reads: VM_SIZES }],
    schema: GPU_SHAPE,
  },
  isGpuResource: {
    description: 'The resource is GPU compute, an AKS cluster with a GPU pool, or an ML workspace with GPU compute.',
    on: [
      { types: GPU_HOLDERS, from: [], reads: VM_SIZES },
      { types: [T.managedCluster], from: [T.agentPool], reads: ['id'], readsFrom: { [T.agentPool]: ['id', VM_SIZE[T.agentPool]] } },
      { types: [T.mlWorkspace], from: [T.mlCompute], reads: ['id'], readsFrom: { [T.mlCompute]: ['id', VM_SIZE[T.mlCompute]] } },
    ],
    schema: { type: 'boolean' },
  },
  identity: {
    description: 'The managed identities of the resource, from identity.type in any spacing and case.',
    on: [{ types: '*', from: [], reads: ['identity.type', 'identity.userAssignedIdentities.*'] }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['kinds', 'systemAssigned', 'userAssigned', 'userAssignedCount', 'managed'],
      properties: {
        kinds: {
          type: 'array',
          items: { enum: ['SystemAssigned', 'UserAssigned'] },
          description: 'The identity kinds named by identity.type, normalised: Azure writes both "SystemAssigned, UserAssigned" and "SystemAssigned,UserAssigned".',
        },
        systemAssigned: { type: 'boolean' },
        userAssigned: { type: 'boolean' },
        userAssignedCount: { type: 'integer' },
        managed: { type: 'boolean', description: 'A system- or user-assigned identity is attached.' },
      },
    },
  },
  tagNames: {
    description: 'Names of the tags that have a non-empty value, A-Z lower-cased: Azure tag names are case-insensitive.',
    on: [{ types: '*', from: [], reads: ['tags.*'] }],
    schema: STRINGS,
  },
  tagValues: {
    description:
      'The tags that have a non-empty value, each as its name (A-Z lower-cased, as in tagNames) and its value as written: what a rule reads when the tag name is a parameter (a key of tags cannot be one).',
    on: [{ types: '*', from: [], reads: ['tags.*'] }],
    schema: TAG_VALUES,
  },
  networkInterfaces: {
    description: "The VM's NICs, from properties.networkProfile.networkInterfaces, joined to the NICs read.",
    on: [
      {
        types: [T.virtualMachine],
        from: [T.networkInterface],
        reads: ['properties.networkProfile.networkInterfaces[].id'],
        readsFrom: { [T.networkInterface]: ['id', 'properties.enableAcceleratedNetworking'] },
      },
    ],
    schema: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'found'],
        properties: {
          id: { type: 'string' },
          found: { type: 'boolean', description: 'The NIC is in the estate.' },
          enableAcceleratedNetworking: { type: 'boolean', description: "The NIC's properties.enableAcceleratedNetworking; absent when the NIC was not found." },
        },
      },
    },
  },
  vm: {
    description: "The VM a NIC is attached to. A NIC whose VM is not in the estate still names it (from properties.virtualMachine.id), without vmSize or gpu.",
    on: [
      {
        types: [T.networkInterface],
        from: [T.virtualMachine],
        reads: ['id', 'properties.virtualMachine.id'],
        readsFrom: { [T.virtualMachine]: ['id', 'name', 'properties.networkProfile.networkInterfaces[].id', VM_SIZE[T.virtualMachine]] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, vmSize: { type: 'string' }, gpu: GPU_SHAPE },
    },
  },
  publicIpAddresses: {
    description: "Names of the public IP addresses attached to the NIC's IP configurations.",
    on: [{ types: [T.networkInterface], from: [], reads: ['properties.ipConfigurations[].properties.publicIPAddress.id'] }],
    schema: STRINGS,
  },
  nicConfigurations: {
    description: "What the NIC configurations of a scale set's VM profile say, by configuration name.",
    on: [
      {
        types: [T.scaleSet],
        from: [],
        reads: [
          'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[].name',
          'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[].properties.enableAcceleratedNetworking',
          'properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[].properties.ipConfigurations[].properties.publicIPAddressConfiguration',
        ],
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['names', 'withoutAcceleratedNetworking', 'withPublicIpAddress'],
      properties: {
        names: STRINGS,
        withoutAcceleratedNetworking: STRINGS,
        withPublicIpAddress: { ...STRINGS, description: 'Configurations with an IP configuration that gives each instance a public IP (publicIPAddressConfiguration).' },
      },
    },
  },
  cluster: {
    description: 'The AKS cluster a pool or managed namespace belongs to. A pool without mode counts as a User pool, as AKS treats it.',
    on: [
      {
        types: [T.agentPool, T.managedNamespace],
        from: [T.managedCluster, T.agentPool],
        // A pool is one of its cluster's pools, so its own mode and size count; a namespace has neither.
        reads: POOL_OF_CLUSTER_READS,
        readsFrom: { [T.managedCluster]: ['id', 'name'], [T.agentPool]: POOL_OF_CLUSTER_READS },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'hasUserPools', 'hasGpuPool'],
      properties: { id: { type: 'string' }, name: { type: 'string' }, hasUserPools: { type: 'boolean' }, hasGpuPool: { type: 'boolean' } },
    },
  },
  gpuPools: {
    description: "Names of the cluster's GPU pools.",
    on: [{ types: [T.managedCluster], from: [T.agentPool], reads: ['id'], readsFrom: { [T.agentPool]: ['id', 'name', VM_SIZE[T.agentPool]] } }],
    schema: STRINGS,
  },
  gpuPoolPriorities: {
    description:
      "How many of the cluster's GPU pools are Spot (scaleSetPriority Spot, ignoring case) and how many regular (Regular, or no scaleSetPriority: AKS's default), by name, and the tags of its GPU pools (a pool's own tags, which AKS puts on its scale set). Set on every cluster; 0 and empty lists where it has no GPU pool.",
    on: [
      {
        types: [T.managedCluster],
        from: [T.agentPool],
        reads: ['id'],
        readsFrom: { [T.agentPool]: ['id', 'name', 'scaleSetPriority', 'tags.*', VM_SIZE[T.agentPool]] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['spot', 'regular', 'spotPools', 'regularPools', 'poolTags'],
      properties: {
        spot: { type: 'integer', description: 'GPU pools with scaleSetPriority Spot.' },
        regular: { type: 'integer', description: 'GPU pools that are not Spot.' },
        spotPools: { ...STRINGS, description: 'The Spot GPU pools, by name.' },
        regularPools: { ...STRINGS, description: 'The regular GPU pools, by name.' },
        poolTags: {
          type: 'array',
          description: 'The tags of the GPU pools that have a non-empty value, with the pool that carries each.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pool', 'name', 'value'],
            properties: { pool: { type: 'string' }, name: { type: 'string', description: 'A-Z lower-cased.' }, value: { type: 'string' } },
          },
        },
      },
    },
  },
  hasGpuPool: {
    description: 'The cluster has at least one GPU pool.',
    on: [{ types: [T.managedCluster], from: [T.agentPool], reads: ['id'], readsFrom: { [T.agentPool]: ['id', VM_SIZE[T.agentPool]] } }],
    schema: { type: 'boolean' },
  },
  workspace: {
    description: 'The ML workspace a compute belongs to, from the compute id.',
    on: [{ types: [T.mlCompute], from: [], reads: ['id'] }],
    schema: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: { type: 'string' }, name: { type: 'string' } } },
  },
  gpuComputes: {
    description: "Names of the workspace's GPU computes.",
    on: [{ types: [T.mlWorkspace], from: [T.mlCompute], reads: ['id'], readsFrom: { [T.mlCompute]: ['id', 'name', VM_SIZE[T.mlCompute]] } }],
    schema: STRINGS,
  },
  roleDefinition: {
    description: 'The role the assignment (or PIM schedule instance) grants, resolved from the role definitions read.',
    on: [
      {
        types: [T.roleAssignment, T.roleEligibilityScheduleInstance, T.roleAssignmentScheduleInstance],
        from: [T.roleDefinition],
        reads: ['properties.roleDefinitionId'],
        readsFrom: {
          [T.roleDefinition]: [
            'id',
            'properties.roleName',
            'properties.type',
            'properties.permissions[].actions',
            'properties.permissions[].notActions',
            'properties.permissions[].dataActions',
          ],
        },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['found', 'name', 'actions', 'notActions', 'dataActions'],
      properties: {
        found: { type: 'boolean', description: 'The role definition is in the estate.' },
        name: { type: 'string', description: "The role's GUID (the last segment of its id), how assignments name it." },
        roleName: { type: 'string' },
        roleType: { type: 'string', description: 'BuiltInRole or CustomRole.' },
        actions: STRINGS,
        notActions: STRINGS,
        dataActions: STRINGS,
      },
    },
  },
  scope: {
    description:
      'The scope the assignment (or PIM schedule instance) is made at: properties.scope, else its id without the last Microsoft.Authorization segment; a scope PIM writes as /providers/Microsoft.Subscription/subscriptions/{id} is read as /subscriptions/{id}.',
    on: [
      {
        types: [T.roleAssignment, T.roleEligibilityScheduleInstance, T.roleAssignmentScheduleInstance],
        from: [...GPU_HOLDERS, T.managementGroup],
        // Without properties.scope the scope is read from the assignment's id.
        reads: ['id', 'properties.scope'],
        // The management groups above a subscription come with the scan's scopes, not from a document.
        readsFrom: { ...GPU_SCOPE_READS, [T.managementGroup]: [] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'kind', 'isGpuScope'],
      properties: {
        id: { type: 'string' },
        kind: { enum: ['resource', 'resourceGroup', 'subscription', 'managementGroup', 'tenant'] },
        isGpuScope: { type: 'boolean', description: 'The scope is a GPU resource or contains one (resource group, subscription, management group).' },
      },
    },
  },
  roleAssignments: {
    description: 'The role assignments that apply to the item: at its own scope and every scope above it, inherited ones marked.',
    on: [
      {
        types: '*',
        from: [T.roleAssignment, T.roleDefinition, T.managementGroup],
        reads: ['id'],
        readsFrom: {
          [T.roleAssignment]: ['id', 'properties.scope', 'properties.roleDefinitionId', 'properties.principalId', 'properties.principalType'],
          [T.roleDefinition]: ['id', 'properties.roleName'],
          [T.managementGroup]: [],
        },
      },
    ],
    schema: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'scope', 'inherited', 'roleDefinitionName'],
        properties: {
          id: { type: 'string' },
          scope: { type: 'string' },
          inherited: { type: 'boolean' },
          roleDefinitionName: { type: 'string', description: "The role's GUID." },
          roleName: { type: 'string' },
          principalId: { type: 'string' },
          principalType: { type: 'string' },
        },
      },
    },
  },
  pim: {
    description:
      "How the role assignment is held, from its PIM role assignment schedule instance (Microsoft.Authorization/roleAssignmentScheduleInstances), joined by properties.originRoleAssignmentId, else by scope, role (GUID) and principal: activated (assignmentType Activated, or a linkedRoleEligibilityScheduleInstanceId), timeBound (an endDateTime, not activated) or permanent (neither). An assignment at or below a subscription whose schedules were read, and that PIM lists no schedule for, is permanent: nothing ends it. unknown where the schedules of its subscription are not in the scan, or it is made above the subscriptions and PIM lists none for it; then, and for a permanent assignment to a Group (its members may hold the membership just in time through PIM for Groups, which is in Microsoft Graph), a rule that decides on this fact is not evaluated on the assignment, with the reason.",
    on: [
      {
        types: [T.roleAssignment],
        from: [T.roleAssignmentScheduleInstance],
        // name: the assignment is named in the reason when its schedule is unknown.
        reads: ['id', 'name', 'properties.scope', 'properties.roleDefinitionId', 'properties.principalId', 'properties.principalType'],
        readsFrom: {
          [T.roleAssignmentScheduleInstance]: [
            'id',
            'properties.scope',
            'properties.roleDefinitionId',
            'properties.principalId',
            'properties.originRoleAssignmentId',
            'properties.assignmentType',
            'properties.endDateTime',
            'properties.linkedRoleEligibilityScheduleInstanceId',
          ],
        },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['state', 'scheduleFound', 'description'],
      properties: {
        state: { enum: ['permanent', 'timeBound', 'activated', 'unknown'] },
        scheduleFound: { type: 'boolean', description: 'A PIM role assignment schedule instance of the assignment is in the scan.' },
        description: { type: 'string', description: "The state in words, for messages: 'a permanent assignment (…)', 'a PIM activation of an eligibility that ends …', 'an active PIM assignment that ends …', 'an assignment whose PIM schedule was not read (…)'." },
        scheduleInstance: { type: 'string', description: "The schedule instance's id." },
        assignmentType: { type: 'string', description: "The instance's assignmentType as written: Activated or Assigned." },
        endDateTime: { type: 'string', description: "The instance's endDateTime; absent when it has none." },
        linkedRoleEligibilityScheduleInstanceId: { type: 'string', description: 'The eligibility instance it was activated from.' },
      },
    },
  },
  isGpuScope: {
    description: 'The subscription holds GPU compute.',
    on: [{ types: [T.subscription], from: GPU_HOLDERS, reads: ['id'], readsFrom: GPU_SCOPE_READS }],
    schema: { type: 'boolean' },
  },
  ownerAssignmentCount: {
    description: "How many Owner role assignments are made at the subscription's own scope.",
    on: [
      {
        types: [T.subscription],
        from: [T.roleAssignment],
        reads: ['id'],
        readsFrom: { [T.roleAssignment]: ['id', 'properties.scope', 'properties.roleDefinitionId'] },
      },
    ],
    schema: { type: 'integer' },
  },
  subscription: {
    description: 'The subscription of a classic administrator.',
    on: [{ types: [T.classicAdministrator], from: GPU_HOLDERS, reads: ['id'], readsFrom: GPU_SCOPE_READS }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'isGpuScope'],
      properties: { id: { type: 'string' }, isGpuScope: { type: 'boolean', description: 'The subscription holds GPU compute.' } },
    },
  },
  classicRoles: {
    description: 'properties.role split on ";": Azure writes one holder of several roles as ServiceAdministrator;AccountAdministrator.',
    on: [{ types: [T.classicAdministrator], from: [], reads: ['properties.role'] }],
    schema: STRINGS,
  },
  quota: {
    description: 'A compute usage (vCPU quota of one family in one region).',
    on: [{ types: [T.usage], from: [], reads: ['name', 'properties.name.value', 'properties.currentValue', 'properties.limit'] }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['family', 'isGpuFamily', 'currentValue', 'limit', 'remaining', 'utilisationPercent'],
      properties: {
        family: { type: 'string' },
        isGpuFamily: { type: 'boolean' },
        currentValue: { type: 'number' },
        limit: { type: 'number' },
        remaining: { type: 'number' },
        utilisationPercent: { type: 'number', description: 'currentValue / limit as a percentage, one decimal; 100 when the limit is 0 and something is in use.' },
      },
    },
  },
  scaleOut: {
    description:
      'What an autoscaling GPU pool or scale set promises, against what its quota family has left. A scale set has it when a Microsoft.Insights/autoscaleSettings targets it.',
    on: [
      // A pool has no location of its own: it draws on the quota of its cluster's region.
      {
        types: [T.agentPool],
        from: [T.usage, T.managedCluster],
        reads: ['id', 'enableAutoScaling', 'maxCount', 'count', VM_SIZE[T.agentPool]],
        readsFrom: { [T.usage]: USAGE_READS, [T.managedCluster]: ['id', 'location'] },
      },
      {
        types: [T.scaleSet],
        from: [T.usage, T.autoscaleSetting],
        reads: ['id', 'location', 'sku.capacity', VM_SIZE[T.scaleSet]],
        readsFrom: {
          [T.usage]: USAGE_READS,
          [T.autoscaleSetting]: ['name', 'properties.targetResourceUri', 'properties.enabled', 'properties.profiles[].capacity.maximum'],
        },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['currentCount', 'maxCount', 'quotaFound'],
      properties: {
        location: { type: 'string', description: 'The region whose quota the pool or scale set draws on.' },
        autoscaleSetting: { type: 'string', description: 'For a scale set: the autoscale setting its maximum comes from.' },
        family: { type: 'string' },
        vCPUsPerNode: { type: 'integer' },
        currentCount: { type: 'number' },
        maxCount: { type: 'number' },
        additionalVcpus: { type: 'number' },
        quotaFound: { type: 'boolean' },
        quotaRemaining: { type: 'number' },
        regionalQuotaRemaining: { type: 'number', description: 'Total regional vCPUs left (the cores usage), which every family also draws on. Absent when not read.' },
        fits: { type: 'boolean', description: "The growth to maxCount fits in the family's remaining regional quota. Absent when unknown." },
        fitsRegional: { type: 'boolean', description: 'The growth also fits in the total regional vCPU quota. Absent when unknown.' },
      },
    },
  },
  mlQuota: {
    description:
      "An Azure ML usage (Microsoft.MachineLearningServices/locations/usages) or quota (…/locations/quotas) item, classified from its own id, type and name: what it counts (the vCPUs of a VM family, the regional total of a priority, the number of clusters), the scope it is about (the subscription, a workspace, a cluster), the priority (Dedicated or LowPriority, from the name or type) and the family as Azure ML names it (name.value without ' Cluster Dedicated vCPUs'). A limit of -1 is no limit of its own (Azure ML's low-priority families: the regional total bounds them).",
    on: [
      { types: [T.mlUsage], from: [], reads: ['id', 'location', ...ML_ITEM_READS, 'properties.currentValue'] },
      { types: [T.mlQuota], from: [], reads: ['id', 'location', ...ML_ITEM_READS] },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'scope', 'priority', 'isGpuFamily', 'limit', 'unlimited'],
      properties: {
        kind: { enum: ['vmFamily', 'regionalTotal', 'clusters', 'other'], description: "vmFamily: the vCPUs of one VM family; regionalTotal: 'Total Cluster Dedicated (or LowPriority) Regional vCPUs'; clusters: the number of clusters." },
        scope: { enum: ['subscription', 'workspace', 'compute'], description: "What the item's own id names: the subscription, a workspace (…/workspaces/{name}/…) or a cluster (…/computes/{name}/…)." },
        workspace: { type: 'string', description: 'The workspace id, for a workspace or cluster item.' },
        compute: { type: 'string', description: 'The cluster name, for a cluster item.' },
        priority: { enum: ['Dedicated', 'LowPriority', null], description: 'null for what has no priority (the cluster count).' },
        family: { type: 'string', description: "The VM family as Azure ML names it, e.g. 'Standard NC Family'; set on vmFamily items." },
        isGpuFamily: { type: 'boolean', description: "The family holds GPU sizes in aiscan's catalogue, compared ignoring case, spaces and underscores (Azure ML's older names, such as 'Standard NCv3 Family', read as compute's family)." },
        currentValue: { type: 'number', description: 'Usages only.' },
        limit: { type: 'number' },
        unlimited: { type: 'boolean', description: 'limit is negative: no limit of its own.' },
        remaining: { type: 'number', description: 'limit - currentValue; usages with a limit only.' },
        utilisationPercent: { type: 'number', description: 'currentValue / limit as a percentage, one decimal; 100 when the limit is 0 and something is in use. Usages with a limit only.' },
      },
    },
  },
  mlScaleOut: {
    description:
      "What an Azure ML AmlCompute cluster needs to reach its maxNodeCount, against the subscription's Azure ML usage in its region (computeLocation, else location) for its priority (vmPriority LowPriority, else Dedicated): the usage of its size's VM family (from aiscan's catalogue, matched with Azure ML's family names) and the regional total ('Total Cluster Dedicated Regional vCPUs' or 'Total Cluster LowPriority Regional vCPUs'). Growth is (maxNodeCount - currentNodeCount, 0 when absent) x vCPUs per node. Set on AmlCompute clusters of a size the catalogue gives a family.",
    on: [
      {
        types: [T.mlCompute],
        from: [T.mlUsage],
        reads: ['id', 'location', 'properties.computeType', 'properties.computeLocation', 'properties.properties.vmPriority', 'properties.properties.scaleSettings.maxNodeCount', 'properties.properties.currentNodeCount', VM_SIZE[T.mlCompute]],
        readsFrom: { [T.mlUsage]: ['id', 'location', ...ML_ITEM_READS, 'properties.currentValue'] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['region', 'priority', 'currentNodeCount', 'maxNodeCount', 'quotaFound'],
      properties: {
        region: { type: 'string', description: 'The region whose Azure ML quota the cluster draws on, as ARM spells it in ids.' },
        priority: { enum: ['Dedicated', 'LowPriority'] },
        family: { type: 'string', description: "The size's vCPU quota family in aiscan's catalogue." },
        quotaFamily: { type: 'string', description: 'The family as the Azure ML usage names it.' },
        vCPUsPerNode: { type: 'integer' },
        currentNodeCount: { type: 'number' },
        maxNodeCount: { type: 'number' },
        additionalVcpus: { type: 'number' },
        quotaFound: { type: 'boolean', description: 'The family usage (with a limit) or the regional total of the priority is in the scan.' },
        familyUnlimited: { type: 'boolean', description: 'The family usage has no limit of its own (-1): only the regional total bounds it.' },
        familyRemaining: { type: 'number' },
        regionalRemaining: { type: 'number' },
        fits: { type: 'boolean', description: "The growth fits in what is left of the family's Azure ML quota. Absent when unknown or unlimited." },
        fitsRegional: { type: 'boolean', description: "The growth fits in what is left of the regional total of the cluster's priority. Absent when unknown." },
        problem: { type: 'string', description: 'What the growth does not fit in, in words; absent when it fits or is unknown.' },
      },
    },
  },
  mlWorkspaceQuota: {
    description:
      "The quota an Azure ML AmlCompute cluster's workspace sets on the family of the cluster's size, for its priority and region: a workspaces/quotas item of the Azure ML quotas (Microsoft.MachineLearningServices/locations/quotas) with a limit of 0 or more (-1 sets none). Set on AmlCompute clusters whose workspace has one.",
    on: [
      {
        types: [T.mlCompute],
        from: [T.mlQuota],
        reads: ['id', 'location', 'properties.computeType', 'properties.computeLocation', 'properties.properties.vmPriority', VM_SIZE[T.mlCompute]],
        readsFrom: { [T.mlQuota]: ['id', 'location', ...ML_ITEM_READS] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['workspace', 'family', 'priority', 'limit'],
      properties: {
        workspace: { type: 'string', description: 'The workspace name.' },
        family: { type: 'string', description: 'The family as the quota names it.' },
        priority: { enum: ['Dedicated', 'LowPriority'] },
        limit: { type: 'number', description: 'The vCPUs of the family the workspace may use.' },
        vCPUsPerNode: { type: 'integer' },
        allowsOneNode: { type: 'boolean', description: 'limit is at least the vCPUs of one node of the cluster\'s size. Absent when the size\'s vCPUs are unknown.' },
      },
    },
  },
  skuAvailability: {
    description:
      "Whether the GPU size of a VM, scale set, AKS pool or ML compute can be deployed where the resource is, for this subscription, from the resource SKUs of its region (Microsoft.Compute/locations/skus, which a live scan reads per region holding compute and keeps for GPU sizes): listed in the region, not restricted there (a restriction of type Location naming the region), and in which of the resource's zones (zones; availabilityZones of a pool) it is offered (the region's locationInfo zones less those a restriction of type Zone names). A pool's region is its cluster's; an ML compute's is properties.computeLocation, else its location. Set on GPU compute whose region's SKUs are in the estate; a region whose SKUs were not read leaves it unset.",
    on: [
      { types: [T.virtualMachine], from: [T.sku], reads: ['id', 'location', ZONES[T.virtualMachine], VM_SIZE[T.virtualMachine]], readsFrom: { [T.sku]: SKU_READS } },
      { types: [T.scaleSet], from: [T.sku], reads: ['id', 'location', ZONES[T.scaleSet], VM_SIZE[T.scaleSet]], readsFrom: { [T.sku]: SKU_READS } },
      {
        types: [T.agentPool],
        from: [T.sku, T.managedCluster],
        reads: ['id', ZONES[T.agentPool], VM_SIZE[T.agentPool]],
        readsFrom: { [T.sku]: SKU_READS, [T.managedCluster]: ['id', 'location'] },
      },
      { types: [T.mlCompute], from: [T.sku], reads: ['id', 'location', 'properties.computeLocation', VM_SIZE[T.mlCompute]], readsFrom: { [T.sku]: SKU_READS } },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['at', 'size', 'region', 'listed', 'restrictedInRegion', 'restrictionReasons', 'availableInRegion'],
      properties: {
        at: { ...AT, description: 'Where the size is written in the resource: a finding on the region points there.' },
        size: { type: 'string' },
        region: { type: 'string', description: 'The region, as ARM spells it in ids (eastus).' },
        listed: { type: 'boolean', description: "The region's resource SKUs list the size." },
        restrictedInRegion: { type: 'boolean', description: 'A restriction of type Location names the region: the subscription cannot deploy the size there.' },
        restrictionReasons: { ...STRINGS, description: 'The reasonCode of those restrictions (NotAvailableForSubscription, QuotaId).' },
        availableInRegion: { type: 'boolean', description: 'listed and not restrictedInRegion.' },
        problem: { type: 'string', description: 'Why it is not available in the region, in words; absent when it is.' },
        zonal: {
          type: 'object',
          description: 'Set on VMs, scale sets and pools (ML computes have no zones); zones is empty for a resource in no zone.',
          additionalProperties: false,
          required: ['at', 'zones', 'offered', 'missing', 'restricted'],
          properties: {
            at: { ...AT, description: 'Where the zones are written: a finding on them points there.' },
            zones: { ...STRINGS, description: "The resource's zones." },
            offered: { ...STRINGS, description: "The region's zones where the size is offered to the subscription: locationInfo zones less the zones restricted." },
            missing: { ...STRINGS, description: "The resource's zones not offered." },
            restricted: { ...STRINGS, description: 'The missing zones that a restriction of type Zone names (the others the region does not offer the size in at all).' },
            problem: { type: 'string', description: 'Why zones are missing, in words; absent when none is.' },
          },
        },
      },
    },
  },
  workload: {
    description:
      'The pod templates of a Kubernetes workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Kubeflow training jobs, Ray clusters, KServe inference services): what each asks of GPUs, which nodes it selects and tolerates, and what it may do on its node.',
    on: [{ types: KUBERNETES_WORKLOAD_TYPES, from: [], reads: ['apiVersion', 'kind', 'spec', 'template'] }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'gpuStack', 'gpuLimit', 'requestsGpu', 'templates'],
      properties: {
        kind: { type: 'string' },
        gpuStack: { type: 'boolean', description: "Every container's image is one of the GPU stack's (device plugin, GPU operator, DCGM exporter: src/facts/gpu-stack-images.json), whatever the object is called." },
        gpuLimit: { type: 'number', description: 'The largest gpuLimit of its templates.' },
        requestsGpu: { type: 'boolean', description: 'A template requests nvidia.com/gpu.' },
        templates: { type: 'array', items: POD_TEMPLATE_SHAPE },
      },
    },
  },
  placement: {
    description:
      "Where a Kubernetes workload's pods can run, when its AKS cluster is in the estate: each pod template against each node pool. A pool whose Node objects are in the estate (a live read, or a snapshot of one) is judged by its nodes' actual labels and taints (spec.taints; a cordoned node's spec.unschedulable too): one node that admits the template is enough. A pool without nodes in the estate (none read, or scaled to zero) is judged by its configuration: the labels AKS gives the pool's nodes (agent pool name, mode, OS, instance type, accelerator, Spot, the pool's nodeLabels) and the pool's NoSchedule and NoExecute taints (Spot pools' too). Either way, against the template's node selection and tolerations.",
    on: [
      {
        types: KUBERNETES_WORKLOAD_TYPES,
        from: [T.managedCluster, T.agentPool, T.kubernetesNode],
        reads: ['id', 'apiVersion', 'kind', 'spec', 'template'],
        readsFrom: {
          [T.managedCluster]: ['id', 'name'],
          [T.agentPool]: ['id', 'name', 'mode', 'osType', 'scaleSetPriority', 'nodeLabels', 'nodeTaints', VM_SIZE[T.agentPool]],
          [T.kubernetesNode]: ['id', 'metadata.labels', 'spec.taints', 'spec.unschedulable'],
        },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['cluster', 'gpuPools', 'templates'],
      properties: {
        cluster: { type: 'string', description: 'The name of the AKS cluster the object is in.' },
        gpuPools: { ...STRINGS, description: "The cluster's GPU pools." },
        observedPools: { ...STRINGS, description: 'The pools judged by the Node objects read of them rather than by their configuration; absent when no node was read.' },
        templates: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['at', 'role', 'gpuLimit', 'pools', 'gpuPools'],
            properties: {
              at: AT,
              role: { type: 'string' },
              gpuLimit: { type: 'number' },
              pools: { ...STRINGS, description: "The pools whose nodes the template's pods can be scheduled on." },
              gpuPools: { ...STRINGS, description: 'Of those, the GPU pools.' },
            },
          },
        },
      },
    },
  },
  node: {
    description:
      "A Kubernetes Node (read from a live cluster, or in a snapshot) against its AKS node pool, when the pool is in the estate: the pool is the one its kubernetes.azure.com/agentpool label (else agentpool) names, in the node's cluster. The node must carry every NoSchedule and NoExecute taint the pool's nodeTaints declare (and on a Spot pool the Spot taint), no other blocking taint but those Kubernetes and AKS put on nodes themselves (node.kubernetes.io/*, node.cloudprovider.kubernetes.io/*, kubernetes.azure.com/*, the cluster autoscaler's ToBeDeletedByClusterAutoscaler) or the pool's nodeInitializationTaints, and every label of the pool's nodeLabels.",
    on: [
      {
        types: [T.kubernetesNode],
        from: [T.agentPool],
        reads: ['id', 'metadata.labels', 'spec.taints'],
        readsFrom: { [T.agentPool]: ['id', 'name', 'scaleSetPriority', 'nodeLabels', 'nodeTaints', 'nodeInitializationTaints', VM_SIZE[T.agentPool]] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['cluster', 'pool', 'gpuPool', 'poolTaints', 'missingTaints', 'undeclaredTaints', 'missingLabels', 'differences'],
      properties: {
        cluster: { type: 'string', description: 'The name of the AKS cluster.' },
        pool: { type: 'string', description: 'The node pool the node belongs to.' },
        gpuPool: { type: 'boolean', description: "The pool's VM size is a GPU size." },
        poolTaints: { ...STRINGS, description: "The pool's NoSchedule and NoExecute taints, as key=value:Effect (the Spot taint on a Spot pool)." },
        missingTaints: {
          type: 'array',
          description: "The pool's blocking taints the node does not carry (same key, value and effect).",
          items: { type: 'object', additionalProperties: false, required: ['taint', 'at'], properties: { taint: { type: 'string' }, at: AT } },
        },
        undeclaredTaints: {
          type: 'array',
          description: 'Blocking taints of the node that the pool does not declare and that Kubernetes and AKS do not set themselves.',
          items: { type: 'object', additionalProperties: false, required: ['taint', 'at'], properties: { taint: { type: 'string' }, at: AT } },
        },
        missingLabels: {
          type: 'array',
          description: "Labels of the pool's nodeLabels the node lacks or carries with another value.",
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['label', 'value', 'actual', 'at'],
            properties: { label: { type: 'string' }, value: { type: 'string', description: "The pool's value." }, actual: { type: ['string', 'null'], description: "The node's value; null when it has none." }, at: AT },
          },
        },
        differences: { ...STRINGS, description: 'Each difference in words, for messages.' },
      },
    },
  },
  boundSubjects: {
    description:
      "Whom a ClusterRoleBinding or RoleBinding grants its role to: its subjects of kind User and Group (ServiceAccounts are not listed). Not counted (exempted, with the reason): Group system:masters, whose members pass every authorization check without any binding; and the subjects AKS itself puts in the two ClusterRoleBindings it creates and reconciles (named aks-cluster-admin-binding and aks-cluster-admin-binding-aad, labelled addonmanager.kubernetes.io/mode: Reconcile): Users clusterAdmin and clusterUser (AKS's local accounts) in the first, Groups (the cluster's Microsoft Entra admin groups) in the second. A RoleBinding is never exempted, whatever its name and labels. Every other name counts, system:authenticated and system:anonymous included.",
    on: [{ types: [T.clusterRoleBinding, T.roleBinding], from: [], reads: ['metadata.name', 'metadata.labels', 'subjects'] }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['grantees', 'exempted', 'granteeNames'],
      properties: {
        grantees: {
          type: 'array',
          description: 'The User and Group subjects that count.',
          items: { type: 'object', additionalProperties: false, required: ['kind', 'name', 'at'], properties: { kind: { enum: ['User', 'Group'] }, name: { type: 'string' }, at: AT } },
        },
        exempted: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['kind', 'name', 'at', 'reason'],
            properties: { kind: { enum: ['User', 'Group'] }, name: { type: 'string' }, at: AT, reason: { type: 'string' } },
          },
        },
        granteeNames: { ...STRINGS, description: 'The grantees as "Kind name", for messages.' },
      },
    },
  },
  boundRole: {
    description:
      "The role a ClusterRoleBinding or RoleBinding grants (its roleRef), looked up among the ClusterRoles and Roles of the binding's cluster in the estate (a RoleBinding's Role in the binding's namespace), and whether it allows every verb on every resource of every API group: one of its rules has '*' in verbs, resources and apiGroups, an aggregated ClusterRole counting the rules of the ClusterRoles of the cluster its clusterRoleSelectors match. ClusterRole cluster-admin is known by name, read or not. A role neither cluster-admin nor in the estate is unknown (grantsEverything null); aiscan then also records roleRef as a value the scan cannot know, so that a rule reading roleRef is not evaluated on the binding.",
    on: [
      {
        types: [T.clusterRoleBinding, T.roleBinding],
        from: [T.clusterRole, T.role],
        reads: ['id', 'roleRef.kind', 'roleRef.name'],
        readsFrom: { [T.clusterRole]: ['id', 'metadata.labels', 'rules', 'aggregationRule'], [T.role]: ['id', 'rules'] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'at', 'grantedIn', 'found', 'grantsEverything'],
      properties: {
        kind: { type: 'string', description: 'roleRef.kind: ClusterRole or Role.' },
        name: { type: 'string' },
        at: AT,
        grantedIn: { type: 'string', description: "Where the binding grants it: 'the whole cluster' (a ClusterRoleBinding) or 'namespace <name>' (a RoleBinding)." },
        found: { type: 'boolean', description: 'The role is in the estate.' },
        grantsEverything: { type: ['boolean', 'null'], description: "It allows every verb on every resource; null when the role is unknown (neither cluster-admin nor in the estate)." },
      },
    },
  },
  gpuWorkloads: {
    description:
      'The GPU workloads of a Kubernetes namespace, as Kind/name: the objects of the same cluster whose metadata.namespace names it and that request nvidia.com/gpu without being the GPU stack itself (condition gpuWorkload). Set on every Namespace object.',
    on: [{ types: [T.kubernetesNamespace], from: KUBERNETES_WORKLOAD_TYPES, reads: ['id', 'name'], readsFrom: workloadReads(['name', 'metadata.namespace']) }],
    schema: STRINGS,
  },
  gpuQuota: {
    description:
      'What the ResourceQuotas of a Kubernetes namespace allow of GPUs. Kubernetes quotas the extended resource nvidia.com/gpu only as requests.nvidia.com/gpu (limits.nvidia.com/gpu bounds nothing), and a quota with scopes or a scopeSelector tracks only the pods in its scope: only an unscoped quota that names requests.nvidia.com/gpu bounds every pod. Set on every Namespace object.',
    on: [{ types: [T.kubernetesNamespace], from: [T.kubernetesResourceQuota], reads: ['id', 'name'], readsFrom: { [T.kubernetesResourceQuota]: RESOURCE_QUOTA_READS } }],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['names', 'bounded', 'quotas'],
      properties: {
        names: { ...STRINGS, description: 'Every ResourceQuota of the namespace, by name.' },
        bounded: { type: 'boolean', description: 'An unscoped ResourceQuota of the namespace names requests.nvidia.com/gpu, so every pod counts against it.' },
        limit: {
          type: 'integer',
          description: 'The whole GPUs the namespace can request: the smallest value of its unscoped quotas (Kubernetes quantities, rounded down). Absent when none bounds it, or when one of their values is not a quantity.',
        },
        limitedBy: { type: 'string', description: 'The quota that sets limit.' },
        quotas: {
          type: 'array',
          description: 'The quotas of the namespace that name requests.nvidia.com/gpu.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'name', 'scoped', 'value'],
            properties: {
              id: OBJECT_ID,
              name: { type: 'string' },
              scoped: { type: 'boolean', description: 'Its scopes or scopeSelector limit it to some pods.' },
              value: { type: ['string', 'null'], description: 'spec.hard["requests.nvidia.com/gpu"] as written, a number as its JSON text (4 as "4"); null when it is neither a string nor a number.' },
              gpus: { type: 'integer', description: 'The whole GPUs the value allows; absent when it is not a Kubernetes quantity.' },
            },
          },
        },
      },
    },
  },
  networkPolicies: {
    description:
      'The NetworkPolicies of a Kubernetes namespace, and which of them deny all ingress by default: podSelector empty (every pod of the namespace), Ingress among its policyTypes (absent or empty policyTypes means Ingress, and Egress too when egress rules are given), and no ingress rule. Set on every Namespace object.',
    on: [
      {
        types: [T.kubernetesNamespace],
        from: [T.kubernetesNetworkPolicy],
        reads: ['id', 'name'],
        readsFrom: { [T.kubernetesNetworkPolicy]: ['id', 'name', 'metadata.namespace', 'spec.podSelector', 'spec.policyTypes', 'spec.ingress', 'spec.egress'] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['names', 'defaultDenyIngress', 'policies'],
      properties: {
        names: { ...STRINGS, description: 'Every NetworkPolicy of the namespace, by name.' },
        defaultDenyIngress: { ...STRINGS, description: 'The NetworkPolicies that deny all ingress to every pod of the namespace, by name.' },
        policies: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'name', 'selectsAllPods', 'policyTypes', 'ingressRules', 'defaultDenyIngress'],
            properties: {
              id: OBJECT_ID,
              name: { type: 'string' },
              selectsAllPods: { type: 'boolean', description: 'spec.podSelector is empty: {}, or empty matchLabels and matchExpressions.' },
              policyTypes: { ...STRINGS, description: 'The policy types as Kubernetes takes them: as written, or Ingress (and Egress with egress rules) when none is written.' },
              ingressRules: { type: 'integer', description: 'How many ingress rules it has (an ingress that is not a list counts as one).' },
              defaultDenyIngress: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
  kubernetesObjects: {
    description: "How many GPU workloads (condition gpuWorkload) and NetworkPolicies of an AKS cluster the estate holds: Kubernetes objects whose id is under the cluster's. Set on a cluster that holds at least one of either.",
    on: [
      {
        types: [T.managedCluster],
        from: [...KUBERNETES_WORKLOAD_TYPES, T.kubernetesNetworkPolicy],
        reads: ['id'],
        readsFrom: { ...workloadReads([]), [T.kubernetesNetworkPolicy]: ['id'] },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['gpuWorkloads', 'networkPolicies'],
      properties: { gpuWorkloads: { type: 'integer' }, networkPolicies: { type: 'integer' } },
    },
  },
  gpuQuotas: {
    description:
      "The GPUs an AKS cluster's namespaces are promised by their quotas: each namespace with an unscoped quota naming requests.nvidia.com/gpu counts with its smallest such quota. Set on a cluster that has at least one ResourceQuota naming requests.nvidia.com/gpu; read from the quotas alone, so that a cluster with none is known to have none even where its pools are known only after a deployment.",
    on: [
      {
        types: [T.managedCluster],
        from: [T.kubernetesResourceQuota],
        reads: ['id'],
        readsFrom: { [T.kubernetesResourceQuota]: RESOURCE_QUOTA_READS },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['namespaces', 'unknown'],
      properties: {
        namespaces: {
          type: 'array',
          description: 'The namespaces with an unscoped GPU quota: those bounded only by scoped quotas are not counted (AIS-K8S-009 reports them).',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['namespace', 'gpus', 'quota'],
            properties: {
              namespace: { type: 'string' },
              gpus: { type: ['integer', 'null'], description: 'The whole GPUs its smallest unscoped quota allows; null when a value is not a Kubernetes quantity.' },
              quota: { type: ['string', 'null'], description: 'The quota that binds.' },
            },
          },
        },
        total: { type: 'integer', description: 'The GPUs of every namespace together; absent when one is unknown.' },
        unknown: { ...STRINGS, description: 'Why total is not known.' },
      },
    },
  },
  gpuCapacity: {
    description:
      "The GPUs an AKS cluster's node pools can ever hold, against what its namespaces' GPU quotas promise (gpuQuotas): over the cluster's NVIDIA GPU pools, nodes (maxCount with the autoscaler on, else count) × nvidia.com/gpu per node (the size's GPUs from aiscan's catalogue, × MIG instances per GPU with a gpuInstanceProfile). Set where gpuQuotas is.",
    on: [
      {
        types: [T.managedCluster],
        from: [T.kubernetesResourceQuota, T.agentPool],
        reads: ['id', 'properties.nodeProvisioningProfile.mode'],
        readsFrom: {
          [T.kubernetesResourceQuota]: RESOURCE_QUOTA_READS,
          [T.agentPool]: ['id', 'name', 'enableAutoScaling', 'maxCount', 'count', 'gpuInstanceProfile', VM_SIZE[T.agentPool]],
        },
      },
    ],
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['pools', 'unknown'],
      properties: {
        pools: {
          type: 'array',
          description: "The cluster's NVIDIA GPU pools (other vendors' GPUs are not nvidia.com/gpu).",
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'vmSize'],
            properties: {
              name: { type: 'string' },
              vmSize: { type: 'string' },
              nodes: { type: 'integer', description: 'maxCount with the autoscaler on, else count; absent when not given.' },
              gpusPerNode: { type: 'integer', description: 'nvidia.com/gpu one node can offer; absent when the catalogue gives no whole number of GPUs for the size.' },
              gpuInstanceProfile: { type: 'string' },
            },
          },
        },
        capacity: { type: 'integer', description: 'The nvidia.com/gpu the GPU pools hold at their largest; absent when a pool is unknown, no pool is in the estate, or node auto-provisioning may add nodes.' },
        overcommit: {
          type: ['number', 'null'],
          description: 'total / capacity, rounded up to two decimals; null when the pools hold no GPU and the quotas promise some. Absent when either is unknown.',
        },
        unknown: { ...STRINGS, description: 'Why capacity is not known.' },
      },
    },
  },
} as const satisfies Record<string, FactDefinition>;

export type FactName = keyof typeof FACTS;

/** The value of one fact, as the contract describes it. */
export type FactValue<N extends FactName> = SchemaType<(typeof FACTS)[N]['schema']>;

/** The facts of an item of any type: each may be absent. */
export type Facts = { [N in FactName]?: FactValue<N> };

type Placements<N extends FactName> = (typeof FACTS)[N]['on'][number];

/** The facts an item of one type (spelled as in TYPE_NAMES) can have. */
export type FactsOf<Type extends string> = {
  [N in FactName as Placements<N>['types'] extends infer Types
    ? Types extends '*'
      ? N
      : Type extends (Types & readonly string[])[number]
        ? N
        : never
    : never]?: FactValue<N>;
};

export const FACT_NAMES = Object.keys(FACTS) as FactName[];
