/**
 * `npm start`: runs the desktop app with Electron's binary when it is installed; otherwise it says so
 * and starts web mode instead (`stacklab serve --ui` on the default lab), which prints the address to
 * open. (npm does not download the binary on install: package.json's `allowScripts` denies
 * electron's postinstall, which fetches it from outside the npm registry.)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/** `require('electron')` from Node gives the binary's path, or throws when it was not downloaded. */
export function findElectronBinary(load: () => unknown, exists: (path: string) => boolean): ElectronBinary {
  let binary: unknown;
  try {
    binary = load();
  } catch (error) {
    return { found: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (typeof binary !== 'string') return { found: false, reason: 'the electron package did not give a binary path' };
  if (!exists(binary)) return { found: false, reason: `${binary} does not exist` };
  return { found: true, path: binary };
}

export function missingElectronMessage(reason: string): string {
  return [
    'StackLab: the Electron binary is not installed, so the desktop app cannot start.',
    `  (${reason})`,
    'npm install skips its download (package.json "allowScripts" denies electron\'s postinstall).',
    'To fetch it where the network allows:  node node_modules/electron/install.js',
    'Starting web mode instead (npx stacklab serve --ui): open the address printed below.',
  ].join('\n');
}

/** The command `npm start` runs when there is no Electron binary: web mode on the default lab. */
export function webModeCommand(appRoot: string, args: readonly string[]): { file: string; args: string[] } {
  return { file: process.execPath, args: [join(appRoot, 'bin', 'stacklab.js'), 'serve', '--ui', ...args] };
}

function main(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binary = findElectronBinary(() => require('electron'), existsSync);
  const appRoot = join(__dirname, '..', '..');
  let child;
  if (!binary.found) {
    console.error(missingElectronMessage(binary.reason));
    const web = webModeCommand(appRoot, process.argv.slice(2));
    child = spawn(web.file, web.args, { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child!.kill(signal));
  } else {
    child = spawn(binary.path, [appRoot, ...process.argv.slice(2)], { stdio: 'inherit' });
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (require.main === module) main();
