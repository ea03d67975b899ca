/**
 * The sample estate as a scheduled audit sees it on its second night: a baseline from "last night"
 * (the same estate with one GPU pool tainted and one NIC not yet accelerated), and suppressions
 * that are in force, expired and stale. Used by scripts/screenshot-html.ts and the report tests,
 * so the committed screenshot shows every part of the HTML report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Suppression } from '../src/config/suppressions.js';
import { renderSarif } from '../src/report/sarif.js';
import { scan, type ScanResult } from '../src/scan.js';

export const SAMPLE_ESTATE = ['examples/estate/subscription-research.json', 'examples/estate/subscription-production.json'];
const RESEARCH = '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';

/** Last night's research snapshot: gpuh100 still had its taint, and eth0 of the H100 VM was not accelerated yet. */
export function lastNightsEstate(directory: string): string[] {
  const text = readFileSync(SAMPLE_ESTATE[0], 'utf8');
  const snapshot = JSON.parse(text) as { resources: Record<string, any>[] };
  for (const resource of snapshot.resources) {
    for (const pool of resource.properties?.agentPoolProfiles ?? []) {
      if (pool.name === 'gpuh100') pool.nodeTaints = ['nvidia.com/gpu=present:NoSchedule'];
    }
    if (resource.name === 'nic-vm-h100-train01-eth0') resource.properties.enableAcceleratedNetworking = false;
  }
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'subscription-research.json');
  writeFileSync(file, JSON.stringify(snapshot, null, 2));
  return [file, SAMPLE_ESTATE[1]];
}

export function demoSuppressions(): Suppression[] {
  return [
    {
      rule: 'AIS-QUOTA-*',
      resource: `${RESEARCH}/providers/Microsoft.Compute/locations/eastus/usages/*`,
      justification: 'Quota increase for A100 and H100 families requested from Microsoft (support case 2611200041); capacity planned for Q1.',
      expires: '2027-01-31',
      owner: 'gpu-platform@contoso.example',
      ticket: 'CAP-412',
      source: 'aiscan.suppressions.json#/suppressions/0',
    },
    {
      rule: 'AIS-AKS-007',
      resource: `${RESEARCH}/resourcegroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-gpu`,
      justification: 'Break-glass local account kept until Entra ID conditional access is rolled out to the research tenant.',
      expires: '2026-10-31',
      owner: 'aks-team@contoso.example',
      source: 'aiscan.suppressions.json#/suppressions/1',
    },
    {
      rule: 'AIS-NET-003',
      resource: `${RESEARCH}/resourceGroups/rg-decommissioned/**`,
      justification: 'Jump host for the old render farm; public IP required by the vendor.',
      permanent: true,
      approvedBy: 'ciso@contoso.example',
      source: 'aiscan.suppressions.json#/suppressions/2',
    },
  ];
}

/** Runs both scans; `now` fixes every timestamp so the rendered report is reproducible. */
export function demoScan(workDirectory: string, now: Date = new Date('2026-11-21T02:00:00Z')): ScanResult {
  const clock = () => now;
  const lastNight = scan({ snapshots: lastNightsEstate(join(workDirectory, 'last-night')), failOn: 'high', now: () => new Date(now.getTime() - 86_400_000) });
  const baseline = join(workDirectory, 'last-night.sarif');
  writeFileSync(baseline, renderSarif(lastNight));
  return scan({ snapshots: SAMPLE_ESTATE, failOn: 'high', baseline, newOnly: true, suppressions: demoSuppressions(), now: clock, recordOutcomes: true });
}
