import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../../../src/estate.js';
import { hasInterruptCleanups, runInterruptCleanups } from '../../../src/files/interrupt-cleanup.js';
import { readEstateFile } from '../../../src/sources/estate-file.js';
import { SnapshotWriter } from '../../../src/sources/azure/snapshot-writer.js';
import type { SubscriptionCollection } from '../../../src/sources/azure/subscription-collection.js';
import { temporaryDirectory } from '../../../support/temporary-directory.js';

const S1 = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const S2 = 'c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95';
const TENANT = '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13';
const mgAssignment = { id: '/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments/a1', type: 'Microsoft.Authorization/roleAssignments' };

const collection = (subscriptionId: string): SubscriptionCollection => ({
  scope: { subscriptionId, tenantId: TENANT },
  coverage: [{ subscriptionId, resourceType: 'Microsoft.Resources/subscriptions', status: 'read', count: 1 }],
  resources: [{ id: `/subscriptions/${subscriptionId}`, displayName: `name "${subscriptionId.slice(0, 4)}"\nline` }, mgAssignment],
});

describe('the snapshot written while collecting', () => {
  test('is a valid aiscan snapshot, in subscription order whatever order they finished in, with shared resources once', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const file = join(dir, 'estate.json');
    const writer = new SnapshotWriter(file);
    writer.add(collection(S2), 1);
    writer.add(collection(S1), 0);
    const summary = writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });

    expect(readdirSync(dir)).toEqual(['estate.json']);
    expect(summary).toMatchObject({ subscriptions: 2, resources: 3 });
    const parsed = readEstateFile(file);
    expect(parsed.tenantId).toBe(TENANT);
    expect(parsed.scopes.map((s) => s.subscriptionId)).toEqual([S1, S2]);
    expect(parsed.resources.map((r) => r.resource.id)).toEqual([`/subscriptions/${S1}`, `/subscriptions/${S2}`, mgAssignment.id]);
    expect(parsed.resources[0].resource.displayName).toBe('name "3b9e"\nline');
    // Pretty-printed, one property per line, so that SARIF regions point at single properties.
    expect(readFileSync(file, 'utf8')).toContain(`\n    {\n      "id": "/subscriptions/${S1}",\n`);
  });

  test('with nothing read is still a valid snapshot', () => {
    const file = join(temporaryDirectory('aiscan-writer-'), 'estate.json');
    const writer = new SnapshotWriter(file);
    writer.add({ scope: { subscriptionId: S1 }, coverage: [{ subscriptionId: S1, resourceType: '*', status: 'denied' }], resources: [] }, 0);
    writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    expect(readEstateFile(file)).toMatchObject({ resources: [], coverage: [{ resourceType: '*', status: 'denied' }] });
  });
});

const vm = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'redaction', 'secrets', 'vm-custom-script.json'), 'utf8')) as ArmResource;
const partsIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.parts'));
/** The id of a process that has ended: nothing runs under it now (until the system reuses it). */
const endedPid = () => spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;

describe('the parts of a snapshot being written', () => {
  test('wait in a new folder only its owner can enter, in files only its owner can read, already redacted', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const writer = new SnapshotWriter(join(dir, 'estate.json'));
    writer.add({ scope: { subscriptionId: S1 }, coverage: [{ subscriptionId: S1, resourceType: 'Microsoft.Compute/virtualMachines', status: 'read', count: 1 }], resources: [{ ...vm, id: vm.id.replace(/\/subscriptions\/[^/]+/, `/subscriptions/${S1}`) }] }, 0);
    const [parts] = partsIn(dir);
    expect(parts).toMatch(new RegExp(`^\\.estate\\.json\\.[0-9a-f]{16}\\.${process.pid}\\.parts$`));
    const folder = lstatSync(join(dir, parts));
    expect(folder.isDirectory()).toBe(true);
    expect(folder.mode & 0o777).toBe(0o700);
    const [part] = readdirSync(join(dir, parts));
    expect(statSync(join(dir, parts, part)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(dir, parts, part), 'utf8');
    expect(text).toContain('[redacted by aiscan: command line, which may hold secrets]');
    expect(text).not.toContain('hf_AbCdEfGh');
    writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    expect(readdirSync(dir)).toEqual(['estate.json']);
    expect(statSync(join(dir, 'estate.json')).mode & 0o777).toBe(0o600);
  });

  test('never go through a link planted where aiscan used to put them', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const victim = temporaryDirectory('aiscan-victim-');
    symlinkSync(victim, join(dir, `.estate.json.${process.pid}.parts`));
    const writer = new SnapshotWriter(join(dir, 'estate.json'));
    writer.add(collection(S1), 0);
    writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    expect(readdirSync(victim)).toEqual([]);
  });

  test('are removed by an interrupt while they exist, and are no longer its concern once the snapshot is written', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const writer = new SnapshotWriter(join(dir, 'estate.json'));
    writer.add(collection(S1), 0);
    expect(hasInterruptCleanups()).toBe(true);
    runInterruptCleanups();
    expect(readdirSync(dir)).toEqual([]);
    expect(hasInterruptCleanups()).toBe(false);

    const next = new SnapshotWriter(join(dir, 'estate.json'));
    next.add(collection(S1), 0);
    next.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    expect(hasInterruptCleanups()).toBe(false);
  });

  test('left by processes that no longer exist are removed when the next starts; a live process’s are left alone', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const ended = endedPid();
    const stale = [`.estate.json.${ended}.parts`, `.estate.json.0123456789abcdef.${ended}.parts`];
    const live = `.estate.json.0123456789abcdef.${process.ppid}.parts`;
    const otherSnapshot = `.other.json.0123456789abcdef.${ended}.parts`;
    for (const name of [...stale, live, otherSnapshot]) {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, '0.json'), '{}');
    }
    const writer = new SnapshotWriter(join(dir, 'estate.json'));
    for (const name of stale) expect(existsSync(join(dir, name))).toBe(false);
    expect(existsSync(join(dir, live, '0.json'))).toBe(true);
    expect(existsSync(join(dir, otherSnapshot, '0.json'))).toBe(true);
    writer.discardParts();
  });
});

describe('a collection that lists a resource twice', () => {
  test('keeps the first, and the coverage entry of its type and the summary name both ids', () => {
    const file = join(temporaryDirectory('aiscan-writer-'), 'estate.json');
    const writer = new SnapshotWriter(file);
    const first = `/subscriptions/${S1}/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/gpu-1`;
    const second = first.replace('gpu-1', 'GPU-1');
    const type = 'Microsoft.Compute/virtualMachines';
    writer.add(
      {
        scope: { subscriptionId: S1 },
        coverage: [{ subscriptionId: S1, resourceType: type, status: 'read', count: 2 }],
        resources: [
          { id: first, type, name: 'gpu-1' },
          { id: second, type, name: 'GPU-1' },
        ],
      },
      0,
    );
    const summary = writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    const parsed = readEstateFile(file);
    expect(parsed.resources.map((r) => r.resource.id)).toEqual([first]);
    expect(parsed.coverage).toEqual([
      {
        subscriptionId: S1,
        resourceType: type,
        status: 'read',
        count: 1,
        message: `1 resource(s) listed twice were kept once (ids compare ignoring ASCII case): dropped ${second} (the same as ${first})`,
      },
    ]);
    expect(summary.warnings).toEqual([`${S1}: dropped ${second}, listed twice: its id is the same as ${first} ignoring ASCII case`]);
  });
});
