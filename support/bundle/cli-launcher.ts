#!/usr/bin/env node
/**
 * The `aiscan` command (dist/cli/aiscan.js): runs the bundled CLI, compiled with its code cache
 * (cli-bundle.ts). Bundled by bundle-cli.ts into the folder of the CLI bundle.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setCliV8Flags } from '../../src/heap.js';
import { compileBundle } from './cli-bundle.js';

setCliV8Flags(); // before compiling: V8 takes a code cache only under the flags it was made with
compileBundle(dirname(fileURLToPath(import.meta.url))).run();
