/**
 * The last step of `npm run build`: bundles dist/bin/aiscan.js into dist/cli/aiscan.js, the
 * `aiscan` command (see support/bundle/bundle-cli.ts). dist/bin/aiscan.js, unbundled, behaves
 * the same.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../support/bundle/bundle-cli.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..');
bundleCli(join(dist, 'bin', 'aiscan.js'), join(dist, 'cli'));
