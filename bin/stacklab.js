#!/usr/bin/env node
'use strict';
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
