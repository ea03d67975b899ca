// `node --import <this file>` resolves `import … from 'aiscan'` to AISCAN_INDEX_URL (the transpiled
// src/index.js of the sources under test) instead of dist/, and, when AISCAN_RESOLVE_TRACE names a
// file, appends every module URL resolved to it.
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url), { data: { index: process.env.AISCAN_INDEX_URL, trace: process.env.AISCAN_RESOLVE_TRACE } });
