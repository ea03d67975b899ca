import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  classifyVmSize,
  isGpuQuotaFamily,
  normaliseFamilyName,
  validateGpuSizeCatalogue,
  type GpuSizeCatalogue,
} from '../../src/facts/gpu-sizes.js';

const catalogueFile = fileURLToPath(new URL('../../src/facts/gpu-vm-sizes.json', import.meta.url));
const catalogue = JSON.parse(readFileSync(catalogueFile, 'utf8')) as GpuSizeCatalogue;

describe('classifyVmSize: sizes in the catalogue', () => {
  it('classifies a listed GPU size with its quota family exactly as Azure spells it', () => {
    expect(classifyVmSize('Standard_NC6s_v3')).toEqual({
      size: 'Standard_NC6s_v3',
      known: true,
      isGpu: true,
      accelerator: 'gpu',
      series: 'NCv3',
      family: 'standardNCSv3Family',
      gpuModel: 'NVIDIA Tesla V100',
      gpuCount: 1,
      vCPUs: 6,
      acceleratedNetworking: false,
    });
  });

  it('matches names ignoring case, as Azure ML returns them upper-cased, and reports the name as given', () => {
    const info = classifyVmSize('STANDARD_NC24ADS_A100_V4');
    expect(info).toMatchObject({ size: 'STANDARD_NC24ADS_A100_V4', known: true, isGpu: true, family: 'StandardNCADSA100v4Family', vCPUs: 24 });
    expect(classifyVmSize('standard_nc24ads_a100_v4')).toMatchObject({ known: true, family: 'StandardNCADSA100v4Family' });
  });

  it('keeps family names with spaces verbatim', () => {
    expect(classifyVmSize('Standard_NC4as_T4_v3')?.family).toBe('Standard NCASv3_T4 Family');
    expect(classifyVmSize('Standard_ND96amsr_A100_v4')?.family).toBe('standard NDAMSv4_A100Family');
  });

  it.each([
    'Standard_ND128isr_NDR_GB200_v6',
    'Standard_ND128isr_GB300_v6',
    'Standard_ND96is_MI300X_v5',
    'Standard_NG8ads_V620_v1',
    'Standard_NV4ads_V710_v5',
  ])('treats %s as a GPU although the SKU API reports no GPUs capability for it', (size) => {
    expect(classifyVmSize(size)).toMatchObject({ known: true, isGpu: true, accelerator: 'gpu' });
  });

  it('treats NP sizes as FPGA, not GPU, although the SKU API reports a GPUs capability for them', () => {
    expect(classifyVmSize('Standard_NP10s')).toMatchObject({
      known: true,
      isGpu: false,
      accelerator: 'fpga',
      family: 'standardNPSFamily',
      acceleratedNetworking: false,
    });
  });

  it('gives fractional GPU counts for partial-GPU sizes', () => {
    expect(classifyVmSize('Standard_NV4as_v4')?.gpuCount).toBe(0.125);
    expect(classifyVmSize('Standard_NV18ads_A10_v5')?.gpuCount).toBe(0.5);
    expect(classifyVmSize('Standard_NV36ads_A10_v5')?.gpuCount).toBe(1);
  });

  it('marks retired sizes still found in old estates and quota lists', () => {
    expect(classifyVmSize('Standard_NC6')).toMatchObject({ known: true, isGpu: true, family: 'standardNCFamily', retired: true });
    expect(classifyVmSize('Standard_NC6s_v2')).toMatchObject({ family: 'standardNCSv2Family', retired: true });
    expect(classifyVmSize('Standard_ND6s')).toMatchObject({ family: 'standardNDSFamily', retired: true });
    expect(classifyVmSize('Standard_NV24')).toMatchObject({ family: 'standardNVFamily', retired: true });
    expect(classifyVmSize('Standard_NC6s_v3')?.retired).toBeUndefined();
  });

  it('reports accelerated networking as the docs state it, and null where no source says', () => {
    expect(classifyVmSize('Standard_ND96isr_H100_v5')?.acceleratedNetworking).toBe(true);
    expect(classifyVmSize('Standard_NCC40ads_H100_v5')?.acceleratedNetworking).toBe(false);
    expect(classifyVmSize('Standard_NC8ads_A10_v4')?.acceleratedNetworking).toBeNull();
  });
});

describe('classifyVmSize: sizes not in the catalogue', () => {
  it('falls back to the series pattern for an unseen size of a known series', () => {
    expect(classifyVmSize('Standard_NC320ads_H100_v5')).toEqual({
      size: 'Standard_NC320ads_H100_v5',
      known: false,
      isGpu: true,
      accelerator: 'gpu',
      series: 'NCads_H100_v5',
      family: 'StandardNCadsH100v5Family',
      gpuModel: 'NVIDIA H100 NVL',
      vCPUs: 320,
      acceleratedNetworking: true,
    });
  });

  it('matches series patterns ignoring case and against the whole name only', () => {
    expect(classifyVmSize('STANDARD_NV64AS_V4')).toMatchObject({ known: false, series: 'NVv4', vCPUs: 64 });
    expect(classifyVmSize('Standard_NV64as_v4_Promo')?.series).toBeUndefined();
  });

  it('falls back to the name alone for an N-series size of no known series', () => {
    expect(classifyVmSize('Standard_ND96isr_B200_v6')).toEqual({
      size: 'Standard_ND96isr_B200_v6',
      known: false,
      isGpu: true,
      accelerator: 'gpu',
      vCPUs: 96,
      acceleratedNetworking: null,
    });
    expect(classifyVmSize('Standard_NCC80ads_B200_v7')).toMatchObject({ isGpu: true, vCPUs: 80 });
    expect(classifyVmSize('Standard_NG64xyz_v9')).toMatchObject({ isGpu: true, accelerator: 'gpu' });
    expect(classifyVmSize('Standard_NV')).toEqual({ size: 'Standard_NV', known: false, isGpu: true, accelerator: 'gpu', acceleratedNetworking: null });
  });

  it('treats an unknown NP name as FPGA, not GPU', () => {
    expect(classifyVmSize('Standard_NP80s_v2')).toMatchObject({ known: false, isGpu: false, accelerator: 'fpga', vCPUs: 80 });
  });

  it('classifies a size outside the N-series as carrying no accelerator', () => {
    expect(classifyVmSize('Standard_D4s_v5')).toEqual({
      size: 'Standard_D4s_v5',
      known: false,
      isGpu: false,
      accelerator: 'none',
      acceleratedNetworking: null,
    });
  });

  it('does not accept a size name without its Standard_ prefix', () => {
    expect(classifyVmSize('NC6s_v3')).toMatchObject({ known: false, isGpu: false, accelerator: 'none' });
  });

  it('returns undefined when the size is not a string', () => {
    expect(classifyVmSize(undefined)).toBeUndefined();
    expect(classifyVmSize(null)).toBeUndefined();
    expect(classifyVmSize(42 as unknown as string)).toBeUndefined();
  });

  it('returns a fresh object, so a caller cannot alter the catalogue', () => {
    const first = classifyVmSize('Standard_NC6s_v3');
    if (first) first.family = 'changed';
    expect(classifyVmSize('Standard_NC6s_v3')?.family).toBe('standardNCSv3Family');
  });
});

describe('quota family names', () => {
  it('normalises by lower-casing and removing spaces', () => {
    expect(normaliseFamilyName('Standard NCASv3_T4 Family')).toBe('standardncasv3_t4family');
  });

  it('recognises GPU quota families ignoring case and spaces', () => {
    expect(isGpuQuotaFamily('Standard NCASv3_T4 Family')).toBe(true);
    expect(isGpuQuotaFamily('standardncasv3_t4family')).toBe(true);
    expect(isGpuQuotaFamily('STANDARD NCSV3 FAMILY')).toBe(true);
    expect(isGpuQuotaFamily('standardNDAMSv4_A100Family')).toBe(true);
  });

  it('recognises the families of retired and no-GPUs-capability sizes', () => {
    expect(isGpuQuotaFamily('standardNCFamily')).toBe(true);
    expect(isGpuQuotaFamily('standardNDSFamily')).toBe(true);
    expect(isGpuQuotaFamily('StandardNVadsV710v5Family')).toBe(true);
  });

  it('does not count the FPGA family or CPU families as GPU quota families', () => {
    expect(isGpuQuotaFamily('standardNPSFamily')).toBe(false);
    expect(isGpuQuotaFamily('standardDSv5Family')).toBe(false);
    expect(isGpuQuotaFamily('cores')).toBe(false);
    expect(isGpuQuotaFamily('')).toBe(false);
  });
});

describe('the catalogue file', () => {
  it('lists the 63 sizes from the SKU API and the retired NC, NCv2, ND and NV sizes', () => {
    expect(catalogue.sizes.filter((size) => !size.retired)).toHaveLength(63);
    const retiredSeries = new Set(catalogue.sizes.filter((size) => size.retired).map((size) => size.series));
    expect([...retiredSeries].sort()).toEqual(['NC', 'NCv2', 'ND', 'NV']);
  });

  it('gives every size a family and a vCPU count', () => {
    for (const size of catalogue.sizes) {
      expect({ name: size.name, family: typeof size.family, vCPUs: Number.isInteger(size.vCPUs) }).toEqual({
        name: size.name,
        family: 'string',
        vCPUs: true,
      });
      expect(size.family.length).toBeGreaterThan(0);
    }
  });

  it('has no duplicate size names, ignoring case', () => {
    const names = catalogue.sizes.map((size) => size.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('lists each size under a series whose pattern matches it and whose family and accelerator agree', () => {
    const seriesByName = new Map(catalogue.series.map((series) => [series.series, series]));
    for (const size of catalogue.sizes) {
      const series = seriesByName.get(size.series);
      expect({ size: size.name, pattern: series?.pattern }).toEqual({ size: size.name, pattern: expect.any(String) });
      if (!series) continue;
      expect({ size: size.name, matches: new RegExp(`^(?:${series.pattern})$`, 'i').test(size.name) }).toEqual({ size: size.name, matches: true });
      expect({ size: size.name, family: size.family, accelerator: size.accelerator, an: size.acceleratedNetworking }).toEqual({
        size: size.name,
        family: series.family,
        accelerator: series.accelerator,
        an: series.acceleratedNetworking,
      });
    }
  });

  it('matches every listed size by exactly one series pattern, so the fallback order cannot matter', () => {
    const patterns = catalogue.series.map((series) => new RegExp(`^(?:${series.pattern})$`, 'i'));
    for (const size of catalogue.sizes) {
      expect({ size: size.name, matches: patterns.filter((pattern) => pattern.test(size.name)).length }).toEqual({ size: size.name, matches: 1 });
    }
  });

  it('names at least one source for every series', () => {
    for (const series of catalogue.series) expect(catalogue.sources.some((source) => source.startsWith(`${series.series}: `))).toBe(true);
  });
});

describe('validateGpuSizeCatalogue', () => {
  const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(catalogue)) as Record<string, unknown>;

  it('accepts the shipped catalogue', () => {
    expect(validateGpuSizeCatalogue(valid(), 'gpu-vm-sizes.json').sizes).toHaveLength(catalogue.sizes.length);
  });

  it('names the file and the bad entry', () => {
    const broken = valid();
    (broken.sizes as Record<string, unknown>[])[2]!.vCPUs = 'many';
    expect(() => validateGpuSizeCatalogue(broken, '/x/gpu-vm-sizes.json')).toThrow(
      `Invalid GPU size catalogue /x/gpu-vm-sizes.json: sizes[2] (${catalogue.sizes[2]!.name}): vCPUs must be a positive integer`,
    );
  });

  it('rejects an unknown accelerator, a missing family and a duplicate name', () => {
    const badAccelerator = valid();
    (badAccelerator.series as Record<string, unknown>[])[0]!.accelerator = 'tpu';
    expect(() => validateGpuSizeCatalogue(badAccelerator, 'f.json')).toThrow(/series\[0\] \(NCasT4_v3\): accelerator must be "gpu" or "fpga"/);

    const noFamily = valid();
    delete (noFamily.sizes as Record<string, unknown>[])[0]!.family;
    expect(() => validateGpuSizeCatalogue(noFamily, 'f.json')).toThrow(/sizes\[0\] .*family must be a non-empty string/);

    const duplicate = valid();
    const sizes = duplicate.sizes as Record<string, unknown>[];
    sizes.push({ ...sizes[0]!, name: String(sizes[0]!.name).toUpperCase() });
    expect(() => validateGpuSizeCatalogue(duplicate, 'f.json')).toThrow(/repeats a size name/);
  });

  it('rejects a document that is not an object', () => {
    expect(() => validateGpuSizeCatalogue([], 'f.json')).toThrow('Invalid GPU size catalogue f.json: the document: must be a JSON object');
  });
});
