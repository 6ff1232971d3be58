#!/usr/bin/env -S node --max-semi-space-size=1 --lite-mode --no-expose-wasm
'use strict';
// Node flags ride on the shebang, so they apply to `npx stacklab` and ./bin/stacklab.js alike:
// a 1 MB young generation and V8's lite mode (interpreter only, no WebAssembly) keep the
// engine's resident memory ~15 MB lower at no measurable cost on its small requests (see
// docs/BENCHMARKS.md). Revisit lite mode when CPU-heavy work (the dataplane walker) lands.
// The package's command. The TypeScript is compiled by `npm run build` (run by `npm ci`'s prepare step).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'dist', 'engine', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('stacklab: not built yet; run `npm run build` in ' + join(__dirname, '..') + '\n');
  process.exit(1);
}
require(entry).buildProgram().parseAsync(process.argv).catch((e) => {
  process.stderr.write('stacklab: ' + e.message + '\n');
  process.exit(1);
});
