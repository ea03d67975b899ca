import { createProgress } from '../../../src/sources/azure/progress.js';
import type { SubscriptionCollection } from '../../../src/sources/azure/subscription-collection.js';

const S1 = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const S2 = 'c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95';
const clean: SubscriptionCollection = {
  scope: { subscriptionId: S1, displayName: 'ai-research' },
  coverage: [{ subscriptionId: S1, resourceType: 'Microsoft.Compute/virtualMachines', status: 'read', count: 1 }],
  resources: [{ id: `/subscriptions/${S1}/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/vm` }],
};
const denied: SubscriptionCollection = { scope: { subscriptionId: S2 }, coverage: [{ subscriptionId: S2, resourceType: '*', status: 'denied' }], resources: [] };

function run(isTTY: boolean, quiet = false): string {
  let out = '';
  let time = 0;
  const progress = createProgress({ write: (t) => (out += t), isTTY, quiet, now: () => (time += 1000) });
  progress.started(2);
  progress.typeStarted(S1, 'Microsoft.Compute/virtualMachines');
  progress.subscriptionFinished(clean);
  progress.typeStarted(S2, 'Microsoft.Resources/subscriptions');
  progress.subscriptionFinished(denied);
  progress.finished();
  return out;
}

describe('progress on stderr', () => {
  test('in a CI log: exactly one line per subscription, gaps named', () => {
    expect(run(false)).toBe(
      `aiscan: [1/2] ${S1} (ai-research): 1 resource(s), 1 type(s) read\n` + `aiscan: [2/2] ${S2}: 0 resource(s), 0 type(s) read; 1 gap(s): the subscription denied\n`,
    );
  });

  test('on a terminal: a status line redrawn in place, lasting lines only for gaps, a closing line', () => {
    const out = run(true);
    expect(out).toContain(`\r\x1b[2Kaiscan: [0/2] ${S1}: Microsoft.Compute/virtualMachines`);
    const lasting = out.split('\r\x1b[2K').join('').split('\n').filter(Boolean);
    expect(lasting.some((line) => line.endsWith('1 gap(s): the subscription denied'))).toBe(true);
    expect(out).toMatch(/aiscan: collected 2 subscription\(s\) in \d+\.\d s\n$/);
  });

  test("a subscription's display name and a gap's type come from Azure: they cannot forge a line or move the cursor", () => {
    const hostile: SubscriptionCollection = {
      scope: { subscriptionId: S1, displayName: 'ai\n::error::forged\r\x1b[2K\u202E' },
      coverage: [{ subscriptionId: S1, resourceType: 'Microsoft.X/y\n##vso[task.complete result=Failed]', status: 'denied' }],
      resources: [],
    };
    for (const isTTY of [false, true]) {
      let out = '';
      const progress = createProgress({ write: (t) => (out += t), isTTY, quiet: false, now: () => 0 });
      progress.started(1);
      progress.typeStarted(S1, 'Microsoft.X/y\r::warning::z');
      progress.subscriptionFinished(hostile);
      progress.finished();
      const text = out.split('\r\x1b[2K').join('\n'); // what aiscan itself writes to redraw
      expect(text).not.toMatch(/[^\n\P{Cc}]|\p{Cf}/u);
      expect(text.split('\n').filter((line) => /^\s*::|##vso\[/.test(line))).toEqual([]);
      expect(text).toContain(`${S1} (ai ::error::forged \\u001B[2K\\u202E): 0 resource(s), 0 type(s) read; 1 gap(s): Microsoft.X/y \\u0023#vso[task.complete result=Failed] denied`);
    }
  });

  test('--quiet: nothing', () => {
    expect(run(true, true)).toBe('');
    expect(run(false, true)).toBe('');
  });
});

describe('a type whose resource provider is not registered', () => {
  test.each([
    ['as aiscan records it now', { status: 'read', count: 0, notRegistered: true }],
    ['as snapshots written before recorded it', { status: 'notRegistered' }],
  ] as const)('is read, not a gap (%s)', (_, recorded) => {
    let out = '';
    const progress = createProgress({ write: (t) => (out += t), isTTY: false, quiet: false });
    progress.started(1);
    progress.subscriptionFinished({
      ...clean,
      coverage: [...clean.coverage, { subscriptionId: S1, resourceType: 'Microsoft.MachineLearningServices/workspaces', ...recorded }],
    });
    expect(out).toBe(`aiscan: [1/1] ${S1} (ai-research): 1 resource(s), 2 type(s) read\n`);
  });
});

