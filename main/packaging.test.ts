/**
 * electron-builder.yml cannot run here (no Electron binary, no network), so it is checked on paper
 * against the built tree: every path it names exists after `npm run build`, the entry points are
 * packed, native modules are unpacked and rebuilt, and every package the packed code requires at
 * run time is a production dependency (electron-builder packs those, and only those).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../test/support/lab';

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  buildDependenciesFromSource: boolean;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  directories: { output: string; buildResources: string };
}
const config = parse(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const built = existsSync(join(repoRoot, 'dist', 'main', 'index.js'));
const needsBuild = built ? false : 'dist/ is not built (run npm run build first)';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The folder a glob such as `dist/**` or `resources/**` starts from. */
const globBase = (pattern: string) => pattern.replace(/^!/, '').split(/[*{]/)[0].replace(/\/$/, '');

test('the targets are AppImage and deb, dmg, nsis; native modules are rebuilt for Electron', () => {
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.deepEqual(config.mac.target, ['dmg']);
  assert.deepEqual(config.win.target, ['nsis']);
  assert.equal(config.npmRebuild, true);
  assert.equal(config.buildDependenciesFromSource, true);
  assert.ok(pkg.devDependencies.electron, 'electron-builder takes the Electron version from devDependencies');
  assert.equal(pkg.dependencies.electron, undefined);
  assert.notEqual(config.directories.buildResources, 'resources', 'resources/ is app data, not build art');
});

test('every path electron-builder.yml names exists in the built tree, and the entry points are packed', { skip: needsBuild }, () => {
  for (const pattern of config.files.filter((p) => !p.startsWith('!'))) {
    const base = join(repoRoot, globBase(pattern));
    assert.ok(existsSync(base), `${pattern}: ${base} exists`);
    if (statSync(base).isDirectory()) assert.ok(walk(base).length > 0, `${pattern} is not empty`);
  }
  const packed = (path: string) => config.files.some((p) => !p.startsWith('!') && (path === p || (p.endsWith('/**') && path.startsWith(p.slice(0, -2)))));
  for (const entry of [pkg.main, 'dist/preload/preload.js', 'dist/renderer/index.html', 'bin/stacklab.js', 'package.json']) {
    assert.ok(existsSync(join(repoRoot, entry)), `${entry} is built`);
    assert.ok(packed(entry), `${entry} is packed`);
  }
  // what asarUnpack names: the native modules (with their compiled addon) and resources/
  for (const pattern of config.asarUnpack) {
    const m = /node_modules\/([^/*]+)\//.exec(pattern);
    if (m) {
      const dir = join(repoRoot, 'node_modules', m[1]);
      assert.ok(existsSync(dir), `${m[1]} is installed`);
      assert.ok(walk(dir).some((f) => f.endsWith('.node')), `${m[1]} has a native addon`);
      assert.ok(pkg.dependencies[m[1]], `${m[1]} is a production dependency`);
    } else {
      assert.ok(existsSync(join(repoRoot, globBase(pattern))), `${pattern} exists`);
    }
  }
});

test('every package the packed main/engine code requires is a production dependency', { skip: needsBuild }, () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((b) => `node:${b}`)]);
  const missing = new Set<string>();
  const js = [...walk(join(repoRoot, 'dist', 'main')), ...walk(join(repoRoot, 'dist', 'engine')), join(repoRoot, 'bin', 'stacklab.js')].filter((f) => f.endsWith('.js') && !f.includes('.test.'));
  assert.ok(js.length > 50, 'the compiled main and engine are there');
  for (const file of js) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\brequire\(["']([^"'.][^"']*)["']\)/g)) {
      const name = m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0];
      if (builtins.has(m[1]) || builtins.has(name) || name === 'electron') continue;
      if (!pkg.dependencies[name]) missing.add(`${name} (${relative(repoRoot, file)})`);
    }
  }
  assert.deepEqual([...missing], [], 'required at run time but not in dependencies: not packed');
});
