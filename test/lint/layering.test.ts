import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

// Lints snippets with the repository's own eslint.config.mjs, as if they were files at these paths.
const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  assert.ok(result, `no lint result for ${filePath}`);
  return result.messages.filter((m) => m.ruleId === 'stacklab/layering').map((m) => m.message);
}

test('engine/ may not import electron, react, react-dom, zustand or xterm', async () => {
  for (const specifier of ['electron', 'react', 'react-dom/client', 'zustand', 'zustand/vanilla', 'xterm', '@xterm/xterm']) {
    const errors = await layeringErrors('engine/core/bad.ts', `import * as m from '${specifier}';\nexport const x = m;\n`);
    assert.equal(errors.length, 1, `${specifier}: ${errors.join('; ')}`);
    assert.match(errors[0] ?? '', /^Bad layering: engine\/ may not import/);
  }
});

test('engine/ may not import main/ or renderer/, by relative, root-based or absolute path, not even types', async () => {
  const cases = [
    `import { x } from '../../main/ipc/contract';\nexport const y = x;\n`,
    `import type { LabStatus } from '../../main/ipc/contract';\nexport type S = LabStatus;\n`,
    `export { x } from '../../renderer/store';\n`,
    `export * from '../../renderer/App';\n`,
    `export const m = import('../../main/app');\n`,
    `// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const m = require('../../main/app');\n`,
    `export type T = import('../../main/ipc/contract').LabStatus;\n`,
    `import { x } from 'main/ipc/contract';\nexport const y = x;\n`,
    `import { x } from '${join(root, 'renderer', 'store', 'index')}';\nexport const y = x;\n`,
  ];
  for (const code of cases) {
    const errors = await layeringErrors('engine/core/bad.ts', code);
    assert.equal(errors.length, 1, `expected one layering error for:\n${code}got: ${errors.join('; ')}`);
    assert.match(errors[0] ?? '', /^Bad layering: engine\/ may not import (main|renderer)\//);
  }
});

test('engine/ code that stays in its layer is clean', async () => {
  const code = [
    `import { readFileSync } from 'node:fs';`,
    `import Database from 'better-sqlite3';`,
    `import { NotFound } from '../core/errors';`,
    `import { x } from './sibling';`,
    `import { y } from '../main/not-the-main-folder';`,
    `export const all = [readFileSync, Database, NotFound, x, y];`,
    ``,
  ].join('\n');
  assert.deepEqual(await layeringErrors('engine/identity/service.ts', code), []);
});

test('renderer/ may import engine/ and main/ only with import type', async () => {
  const bad = [
    `import { encodeIpcError } from '../../main/ipc/errors';\nexport const f = encodeIpcError;\n`,
    `import { NotFound } from '../../engine/core/errors';\nexport const e = NotFound;\n`,
    `export const m = import('../../main/ipc/contract');\n`,
    `import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n`,
  ];
  for (const code of bad) {
    const errors = await layeringErrors('renderer/services/bad.ts', code);
    assert.equal(errors.length, 1, `expected one layering error for:\n${code}got: ${errors.join('; ')}`);
    assert.match(errors[0] ?? '', /^Bad layering: renderer\/ may import .* only with `import type`/);
  }
  const good = [
    `import type { LabStatus } from '../../main/ipc/contract';`,
    `import type { ServiceError } from '../../engine/core/errors';`,
    `export type { StackLabBridge } from '../../main/ipc/contract';`,
    `import { create } from 'zustand';`,
    `import { labSelectors } from '../store/slices/lab/selectors';`,
    `export type S = LabStatus | ServiceError;`,
    `export const all = [create, labSelectors];`,
    ``,
  ].join('\n');
  assert.deepEqual(await layeringErrors('renderer/services/good.tsx', good), []);
});

test('main/ wires the layers and may import any of them', async () => {
  const code = `import { app } from 'electron';\nimport { NotFound } from '../engine/core/errors';\nexport const all = [app, NotFound];\n`;
  assert.deepEqual(await layeringErrors('main/wiring.ts', code), []);
});

test('the repository itself has no layering error', async () => {
  const results = await eslint.lintFiles(['engine', 'main', 'renderer']);
  const errors = results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === 'stacklab/layering').map((m) => `${r.filePath}:${m.line} ${m.message}`),
  );
  assert.deepEqual(errors, []);
});
