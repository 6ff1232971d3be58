#!/usr/bin/env -S node --max-semi-space-size=1 --lite-mode
'use strict';
// The engine serves many small requests: a 1 MB young generation keeps its resident memory
// low at no measurable cost (see docs/BENCHMARKS.md). The flag rides on the shebang, so it
// applies to `npx stacklab` and ./bin/stacklab.js alike.
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
