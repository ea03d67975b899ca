import type { Ajv, ValidateFunction } from 'ajv';
import { isRecord } from '../json/is-record.js';
import { createAjv, describeAjvError, errorPointer, mostSpecificError } from '../ajv.js';
import { UserError } from '../errors.js';
import type { ArmResource, CoverageEntry, JsonPath, ScannedScope, ShardHeader } from '../estate.js';
import type { ElementIndex } from '../json/element-index.js';
import { readIndexedJson } from '../json/indexed-json.js';
import { readTextFile } from '../json/read-json.js';
import { packagePath } from '../package-info.js';
import { precompiledFiles, readPrecompiled, sourceHash, type PrecompiledFiles } from '../precompiled.js';
import { armListGaps, resourceGraphGaps } from './first-page.js';

/** The four inputs `scan --snapshot` accepts, recognised by their top-level shape. */
export type InputShape = 'aiscan-snapshot' | 'resource-array' | 'arm-list' | 'resource-graph';

export interface EstateFile {
  file: string;
  shape: InputShape;
  resources: { resource: ArmResource; path: JsonPath }[];
  scopes: ScannedScope[];
  coverage: CoverageEntry[];
  tenantId?: string;
  collectedAt?: string;
  /** Which shard of a sharded collection the file is (`aiscan collect --shard`). */
  shard?: ShardHeader;
  warnings: string[];
  /** Where each resource starts in the file, when it was read in parts: for locating findings without reading it again whole. */
  index?: ElementIndex;
}

export const SNAPSHOT_FORMAT = 'aiscan-snapshot';
export const SNAPSHOT_VERSION = 1;
/** The top-level arrays that hold resources in the shapes estate files come in. */
const RESOURCE_ARRAYS = new Set(['resources', 'value', 'data']);
const snapshotSchemaFile = packagePath('schemas', 'snapshot.schema.json');
const EXPECTED =
  'expected an aiscan snapshot ({"format":"aiscan-snapshot",…}), a JSON array of ARM resources, ' +
  'an ARM list response ({"value":[…]}) or an Azure Resource Graph result ({"data":[…]})';

type EstateValidators = { snapshot: ValidateFunction; resources: ValidateFunction };
let validators: EstateValidators | undefined;
/** The validators below, compiled by the build (src/precompiled.ts). */
export const ESTATE_SCHEMAS = 'estate-schemas';

function compileValidators(schemaText: string, keepSource = false): EstateValidators & { ajv: Ajv } {
  const ajv = createAjv({ allErrors: false, ...(keepSource ? { code: { source: true } } : {}) });
  const schema = JSON.parse(schemaText) as { $id: string };
  ajv.addSchema(schema);
  return {
    ajv,
    snapshot: ajv.getSchema(schema.$id)!,
    resources: ajv.compile({ type: 'array', items: { $ref: `${schema.$id}#/definitions/armResource` } }),
  };
}

function getValidators(): EstateValidators {
  if (!validators) {
    const schemaText = readTextFile(snapshotSchemaFile, 'the snapshot schema');
    const precompiled = readPrecompiled(ESTATE_SCHEMAS, sourceHash(schemaText));
    validators = precompiled ? { snapshot: precompiled.validator(0), resources: precompiled.validator(1) } : compileValidators(schemaText);
  }
  return validators;
}

/** What the build writes as ESTATE_SCHEMAS. */
export function estateSchemasFiles(): PrecompiledFiles {
  const schemaText = readTextFile(snapshotSchemaFile, 'the snapshot schema');
  const { ajv, snapshot, resources } = compileValidators(schemaText, true);
  return precompiledFiles(sourceHash(schemaText), '', [snapshot, resources], ajv);
}

export function readEstateFile(file: string): EstateFile {
  const { value, index } = readIndexedJson(file, 'an estate file', RESOURCE_ARRAYS);
  const estateFile = interpretEstateDocument(value, file);
  return index ? { ...estateFile, index } : estateFile;
}

export function interpretEstateDocument(document: unknown, file: string): EstateFile {
  if (Array.isArray(document)) return fromResourceList(file, 'resource-array', document, []);
  if (!isRecord(document)) throw new UserError(`${file}: at /: ${EXPECTED}`);

  if ('format' in document) return fromSnapshot(file, document);
  if (Array.isArray(document.value)) {
    const estateFile = fromResourceList(file, 'arm-list', document.value, ['value']);
    estateFile.coverage = armListGaps(file, document, document.value as ArmResource[]);
    return estateFile;
  }
  if (Array.isArray(document.data)) {
    const estateFile = fromResourceList(file, 'resource-graph', document.data, ['data']);
    estateFile.coverage = resourceGraphGaps(file, document, document.data as ArmResource[]);
    return estateFile;
  }
  throw new UserError(`${file}: at /: ${EXPECTED}`);
}

function fromSnapshot(file: string, document: Record<string, unknown>): EstateFile {
  if (document.format !== SNAPSHOT_FORMAT) {
    throw new UserError(`${file}: at /format: expected "${SNAPSHOT_FORMAT}", found ${JSON.stringify(document.format)}`);
  }
  if (document.version !== SNAPSHOT_VERSION) {
    throw new UserError(
      `${file}: at /version: snapshot format version ${JSON.stringify(document.version)} is not one this aiscan reads (it reads ${SNAPSHOT_VERSION}); upgrade aiscan or collect the snapshot again`,
    );
  }
  const { snapshot } = getValidators();
  if (!snapshot(document)) throw shapeError(file, snapshot, 'an aiscan snapshot');
  const resources = document.resources as ArmResource[];
  const shard = document.shard as ShardHeader | undefined;
  if (shard && shard.index > shard.count) throw new UserError(`${file}: at /shard/index: shard ${shard.index} of ${shard.count} does not exist (shards are numbered 1 to ${shard.count})`);
  return {
    file,
    shape: 'aiscan-snapshot',
    resources: resources.map((resource, index) => ({ resource, path: ['resources', index] })),
    scopes: document.scopes as ScannedScope[],
    coverage: document.coverage as CoverageEntry[],
    tenantId: document.tenantId as string | undefined,
    collectedAt: document.collectedAt as string,
    ...(shard ? { shard } : {}),
    warnings: [],
  };
}

function fromResourceList(file: string, shape: InputShape, list: unknown[], at: JsonPath): EstateFile {
  const { resources } = getValidators();
  if (!resources(list)) throw shapeError(file, resources, 'an ARM resource', at);
  return {
    file,
    shape,
    resources: (list as ArmResource[]).map((resource, index) => ({ resource, path: [...at, index] })),
    scopes: [],
    coverage: [],
    warnings: [],
  };
}

function shapeError(file: string, validate: ValidateFunction, what: string, at: JsonPath = []): UserError {
  const error = mostSpecificError(validate.errors ?? []);
  const pointer = at.map((s) => `/${s}`).join('') + errorPointer(error);
  return new UserError(`${file}: at ${pointer || '/'}: ${describeAjvError(error)} (${what} was expected here)`);
}

