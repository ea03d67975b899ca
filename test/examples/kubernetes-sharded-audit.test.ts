import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseShard } from '../../src/sources/shard.js';
import { useTempDir } from '../helpers/temp.js';

const FILE = 'examples/kubernetes/aiscan-sharded-audit.yaml';
const objects = parseAllDocuments(readFileSync(FILE, 'utf8')).map((document) => document.toJS() as Record<string, any>);
const podSpec = (name: string) => objects.find((o) => o.kind === 'CronJob' && o.metadata.name === name)!.spec.jobTemplate.spec.template.spec;
/** What `sh -c` runs in the CronJob's container. */
const script = (name: string): string => podSpec(name).containers[0].args[0];

/**
 * The example's scripts, run as its pods run them (/bin/sh, JOB_COMPLETION_INDEX 0..N-1), with an
 * `aiscan` on PATH that records its arguments and writes the snapshot it is asked for, and a fixed
 * `date`: pod i must collect shard i+1 of N, and the scan must read every snapshot they wrote.
 */
describe('the Kubernetes sharded audit, its scripts run as its pods run them', () => {
  const tmp = useTempDir('aiscan-k8s-');

  it('collects shard JOB_COMPLETION_INDEX + 1 of N in pod JOB_COMPLETION_INDEX, and scans every shard the pods wrote', () => {
    const shards = Number(podSpec('aiscan-collect').containers[0].env.find((e: { name: string }) => e.name === 'SHARDS').value);
    const bin = tmp.path('bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'aiscan'), '#!/bin/sh\nprintf "%s\\037" "$@" >> "$ARGS_LOG"; echo >> "$ARGS_LOG"\nprev=; for a in "$@"; do [ "$prev" = --snapshot-out ] && : > "$a"; prev=$a; done\nexit 0\n', { mode: 0o755 });
    writeFileSync(join(bin, 'date'), '#!/bin/sh\necho 2026-11-21\n', { mode: 0o755 });
    const run = (name: string, env: Record<string, string>) =>
      execFileSync('/bin/sh', ['-c', script(name).replaceAll('/evidence', tmp.path('evidence'))], { env: { PATH: `${bin}:/usr/bin:/bin`, ARGS_LOG: tmp.path('args'), ...env } });
    for (let index = 0; index < shards; index++) run('aiscan-collect', { JOB_COMPLETION_INDEX: String(index), SHARDS: String(shards) });
    run('aiscan-scan', {});

    const calls = readFileSync(tmp.path('args'), 'utf8').trim().split('\n').map((line) => line.split('\x1f').slice(0, -1));
    const written = Array.from({ length: shards }, (_, i) => tmp.path('evidence', '2026-11-21', `shard-${i + 1}.json`));
    expect(calls).toHaveLength(shards + 1);
    calls.slice(0, shards).forEach((argv, index) => {
      expect(argv[0]).toBe('collect');
      expect(parseShard(argv[argv.indexOf('--shard') + 1])).toEqual({ index: index + 1, count: shards });
      expect(argv[argv.indexOf('--snapshot-out') + 1]).toBe(written[index]);
    });
    expect(calls[shards].slice(0, 2 + shards)).toEqual(['scan', '--snapshot', ...written]);
  });
});
