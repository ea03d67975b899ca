/**
 * Which Azure VM sizes carry GPUs (or FPGAs), and which vCPU quota family each belongs to.
 *
 * The data lives in gpu-vm-sizes.json beside this file, with the source of every fact. The SKU
 * API's `GPUs` capability is not enough on its own: it reports GPUs for NP-series FPGA sizes and
 * none for several real GPU sizes (GB200, GB300, MI300X, V620, V710), so sizes are matched by name.
 */
import { readFileSync } from 'node:fs';
import { foldCase } from '../ids.js';
import { sourceDataFile } from '../package-info.js';
import type { FactValue } from './contract.js';
import { isObject, type JsonObject } from './read.js';

/** The `gpu` fact: its shape and the meaning of each field are in the facts contract. */
export type VmSizeInfo = FactValue<'gpu'>;

export type CatalogueAccelerator = 'gpu' | 'fpga';

export interface CatalogueSize {
  name: string;
  series: string;
  family: string;
  vCPUs: number;
  memoryGiB: number;
  accelerator: CatalogueAccelerator;
  gpuModel: string;
  gpuCount?: number;
  acceleratedNetworking: boolean | null;
  retired?: boolean;
  note?: string;
}

export interface CatalogueSeries {
  series: string;
  pattern: string;
  family: string;
  accelerator: CatalogueAccelerator;
  gpuModel: string;
  acceleratedNetworking: boolean | null;
  retired?: boolean;
  source?: string;
}

export interface GpuSizeCatalogue {
  description: string;
  sources: string[];
  sizes: CatalogueSize[];
  series: CatalogueSeries[];
}

const CATALOGUE_FILE_NAME = 'gpu-vm-sizes.json';

interface CompiledSeries extends CatalogueSeries {
  regex: RegExp;
}

interface CompiledCatalogue {
  sizesByName: Map<string, CatalogueSize>;
  series: CompiledSeries[];
  gpuFamilies: Set<string>;
}

let compiledCatalogue: CompiledCatalogue | undefined;

/** Classifies a VM size name (any case, with its `Standard_` prefix); undefined when `size` is not a string. */
export function classifyVmSize(size: string | undefined | null): VmSizeInfo | undefined {
  if (typeof size !== 'string') return undefined;
  const catalogue = loadCatalogue();
  const name = size.trim();
  const listed = catalogue.sizesByName.get(foldCase(name));
  if (listed) return fromListedSize(size, listed);
  const series = catalogue.series.find((candidate) => candidate.regex.test(name));
  if (series) return fromSeries(size, name, series);
  return fromNameAlone(size, name);
}

/** True when the quota family holds GPU sizes, comparing names ignoring case and spaces. */
export function isGpuQuotaFamily(familyName: string): boolean {
  if (typeof familyName !== 'string') return false;
  return loadCatalogue().gpuFamilies.has(normaliseFamilyName(familyName));
}

let looseGpuFamilies: Set<string> | undefined;

/**
 * Azure ML names a family its own way (`Standard NC Family Cluster Dedicated vCPUs`, and with
 * underscores for spaces in ids): families compared ignoring case, spaces and underscores.
 */
export function looseFamilyKey(name: string): string {
  return foldCase(name.replace(/[\s_]+/g, ''));
}

/** True when the family holds GPU sizes, comparing names ignoring case, spaces and underscores. */
export function isGpuQuotaFamilyLoose(familyName: string): boolean {
  looseGpuFamilies ??= new Set([...loadCatalogue().gpuFamilies].map(looseFamilyKey));
  return looseGpuFamilies.has(looseFamilyKey(familyName));
}

/** Azure spells one family `Standard NCASv3_T4 Family` in one place and `standardNCASv3_T4Family` in another. */
export function normaliseFamilyName(name: string): string {
  return foldCase(name.replace(/\s+/g, ''));
}

function fromListedSize(size: string, listed: CatalogueSize): VmSizeInfo {
  return withoutUndefined({
    size,
    known: true,
    isGpu: listed.accelerator === 'gpu',
    accelerator: listed.accelerator,
    series: listed.series,
    family: listed.family,
    gpuModel: listed.gpuModel,
    gpuCount: listed.gpuCount,
    vCPUs: listed.vCPUs,
    acceleratedNetworking: listed.acceleratedNetworking,
    retired: listed.retired,
  });
}

function fromSeries(size: string, name: string, series: CompiledSeries): VmSizeInfo {
  return withoutUndefined({
    size,
    known: false,
    isGpu: series.accelerator === 'gpu',
    accelerator: series.accelerator,
    series: series.series,
    family: series.family,
    gpuModel: series.gpuModel,
    vCPUs: vCPUsFromName(name),
    acceleratedNetworking: series.acceleratedNetworking,
    retired: series.retired,
  });
}

/** An N-series size that no catalogue entry knows: its second letter says what it carries. */
function fromNameAlone(size: string, name: string): VmSizeInfo {
  const accelerator = acceleratorFromName(name);
  if (accelerator === 'none') return { size, known: false, isGpu: false, accelerator, acceleratedNetworking: null };
  return withoutUndefined({
    size,
    known: false,
    isGpu: accelerator === 'gpu',
    accelerator,
    vCPUs: vCPUsFromName(name),
    acceleratedNetworking: null,
  });
}

const N_SERIES_NAME = /^Standard_N([A-Z])[A-Z]*(\d+)?/i;

function acceleratorFromName(name: string): VmSizeInfo['accelerator'] {
  const letter = N_SERIES_NAME.exec(name)?.[1]?.toUpperCase();
  if (letter === 'C' || letter === 'D' || letter === 'G' || letter === 'V') return 'gpu';
  if (letter === 'P') return 'fpga';
  return 'none';
}

/** `Standard_NC40ads_H100_v5` → 40: Azure puts the vCPU count right after the family letters. */
function vCPUsFromName(name: string): number | undefined {
  const digits = N_SERIES_NAME.exec(name)?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/** The entries that have a value, in a new object: deleting them instead would leave V8 holding each result as a dictionary. */
function withoutUndefined(info: VmSizeInfo): VmSizeInfo {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(info)) {
    const value = info[key as keyof VmSizeInfo];
    if (value !== undefined) copy[key] = value;
  }
  return copy as unknown as VmSizeInfo;
}

function loadCatalogue(): CompiledCatalogue {
  if (!compiledCatalogue) {
    const file = locateCatalogueFile();
    compiledCatalogue = compileCatalogue(readCatalogueFile(file), file);
  }
  return compiledCatalogue;
}

function locateCatalogueFile(): string {
  return sourceDataFile(new URL(`./${CATALOGUE_FILE_NAME}`, import.meta.url), 'facts', CATALOGUE_FILE_NAME);
}

function readCatalogueFile(file: string): GpuSizeCatalogue {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`GPU size catalogue ${file} could not be read: ${(error as Error).message}`);
  }
  return validateGpuSizeCatalogue(raw, file);
}

function compileCatalogue(catalogue: GpuSizeCatalogue, file: string): CompiledCatalogue {
  const sizesByName = new Map(catalogue.sizes.map((size) => [foldCase(size.name), size]));
  const series = catalogue.series.map((entry, index) => ({ ...entry, regex: compilePattern(entry, index, file) }));
  const gpuEntries = [...catalogue.sizes, ...catalogue.series].filter((entry) => entry.accelerator === 'gpu');
  const gpuFamilies = new Set(gpuEntries.map((entry) => normaliseFamilyName(entry.family)));
  return { sizesByName, series, gpuFamilies };
}

/** Anchored here so that a pattern written without ^ and $ still has to match the whole name. */
function compilePattern(entry: CatalogueSeries, index: number, file: string): RegExp {
  try {
    return new RegExp(`^(?:${entry.pattern})$`, 'i');
  } catch (error) {
    throw catalogueError(file, `series[${index}] (${entry.series})`, `pattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Checks the catalogue's shape; throws an Error naming the file and the first bad entry. */
export function validateGpuSizeCatalogue(raw: unknown, file: string): GpuSizeCatalogue {
  if (!isObject(raw)) throw catalogueError(file, 'the document', 'must be a JSON object');
  requireString(raw, 'description', file, 'the document');
  const sources = requireArray(raw, 'sources', file, 'the document');
  sources.forEach((source, index) => {
    if (typeof source !== 'string' || source === '') throw catalogueError(file, `sources[${index}]`, 'must be a non-empty string');
  });
  const sizes = requireArray(raw, 'sizes', file, 'the document').map((entry, index) => validateSize(entry, index, file));
  rejectDuplicateNames(sizes, file);
  const series = requireArray(raw, 'series', file, 'the document').map((entry, index) => validateSeries(entry, index, file));
  return { description: raw.description as string, sources: sources as string[], sizes, series };
}

function validateSize(entry: unknown, index: number, file: string): CatalogueSize {
  const where = describeEntry('sizes', index, entry, 'name');
  if (!isObject(entry)) throw catalogueError(file, where, 'must be an object');
  requireString(entry, 'name', file, where);
  requireString(entry, 'series', file, where);
  requireString(entry, 'family', file, where);
  requirePositiveNumber(entry, 'vCPUs', file, where, { integer: true });
  requirePositiveNumber(entry, 'memoryGiB', file, where);
  requireAccelerator(entry, file, where);
  requireString(entry, 'gpuModel', file, where);
  if (entry.gpuCount !== undefined) requirePositiveNumber(entry, 'gpuCount', file, where);
  requireBooleanOrNull(entry, 'acceleratedNetworking', file, where);
  optionalBoolean(entry, 'retired', file, where);
  if (entry.note !== undefined) requireString(entry, 'note', file, where);
  return entry as unknown as CatalogueSize;
}

function validateSeries(entry: unknown, index: number, file: string): CatalogueSeries {
  const where = describeEntry('series', index, entry, 'series');
  if (!isObject(entry)) throw catalogueError(file, where, 'must be an object');
  requireString(entry, 'series', file, where);
  requireString(entry, 'pattern', file, where);
  requireString(entry, 'family', file, where);
  requireAccelerator(entry, file, where);
  requireString(entry, 'gpuModel', file, where);
  requireBooleanOrNull(entry, 'acceleratedNetworking', file, where);
  optionalBoolean(entry, 'retired', file, where);
  if (entry.source !== undefined) requireString(entry, 'source', file, where);
  return entry as unknown as CatalogueSeries;
}

function rejectDuplicateNames(sizes: CatalogueSize[], file: string): void {
  const seen = new Set<string>();
  sizes.forEach((size, index) => {
    const key = foldCase(size.name);
    if (seen.has(key)) throw catalogueError(file, `sizes[${index}] (${size.name})`, 'repeats a size name listed earlier (names compare ignoring case)');
    seen.add(key);
  });
}

function describeEntry(list: string, index: number, entry: unknown, nameKey: string): string {
  const name = isObject(entry) && typeof entry[nameKey] === 'string' ? ` (${entry[nameKey]})` : '';
  return `${list}[${index}]${name}`;
}

function requireString(entry: JsonObject, key: string, file: string, where: string): void {
  if (typeof entry[key] !== 'string' || entry[key] === '') throw catalogueError(file, where, `${key} must be a non-empty string`);
}

function requireArray(entry: JsonObject, key: string, file: string, where: string): unknown[] {
  const value = entry[key];
  if (!Array.isArray(value)) throw catalogueError(file, where, `${key} must be an array`);
  return value;
}

function requirePositiveNumber(entry: JsonObject, key: string, file: string, where: string, options: { integer?: boolean } = {}): void {
  const value = entry[key];
  const valid = typeof value === 'number' && Number.isFinite(value) && value > 0 && (!options.integer || Number.isInteger(value));
  if (!valid) throw catalogueError(file, where, `${key} must be a positive ${options.integer ? 'integer' : 'number'}`);
}

function requireAccelerator(entry: JsonObject, file: string, where: string): void {
  if (entry.accelerator !== 'gpu' && entry.accelerator !== 'fpga') throw catalogueError(file, where, 'accelerator must be "gpu" or "fpga"');
}

function requireBooleanOrNull(entry: JsonObject, key: string, file: string, where: string): void {
  if (typeof entry[key] !== 'boolean' && entry[key] !== null) throw catalogueError(file, where, `${key} must be true, false or null`);
}

function optionalBoolean(entry: JsonObject, key: string, file: string, where: string): void {
  if (entry[key] !== undefined && typeof entry[key] !== 'boolean') throw catalogueError(file, where, `${key} must be true or false when present`);
}

function catalogueError(file: string, where: string, problem: string): Error {
  return new Error(`Invalid GPU size catalogue ${file}: ${where}: ${problem}`);
}
