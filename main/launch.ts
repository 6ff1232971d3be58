/**
 * `npm start`: runs the desktop app with Electron's binary when it is installed; otherwise it says so
 * and starts web mode instead (`stacklab serve --ui` on the default lab), which prints the address to
 * open. (npm does not download the binary on install: package.json's `allowScripts` denies
 * electron's postinstall, which fetches it from outside the npm registry.)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { defaultDesktopLabDir } from './paths';

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

/**
 * The command `npm start` runs when there is no Electron binary: web mode on the desktop app's lab
 * (`labDir`), unless the arguments name another with `--data-dir`.
 */
export function webModeCommand(appRoot: string, args: readonly string[], labDir?: string): { file: string; args: string[] } {
  const dataDir = labDir && !args.some((a) => a === '--data-dir' || a.startsWith('--data-dir=')) ? ['--data-dir', labDir] : [];
  return { file: process.execPath, args: [join(appRoot, 'bin', 'stacklab.js'), 'serve', '--ui', ...dataDir, ...args] };
}

/** What `npm start` does: the desktop app with Electron's binary, else (saying why) web mode. */
export type LaunchPlan = { mode: 'desktop'; file: string; args: string[] } | { mode: 'web'; file: string; args: string[]; message: string };

export function planLaunch(binary: ElectronBinary, appRoot: string, args: readonly string[], labDir: string): LaunchPlan {
  if (binary.found) return { mode: 'desktop', file: binary.path, args: [appRoot, ...args] };
  return { mode: 'web', ...webModeCommand(appRoot, args, labDir), message: `${missingElectronMessage(binary.reason)}\nThe lab is the desktop app's: ${labDir}` };
}

function main(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binary = findElectronBinary(() => require('electron'), existsSync);
  const appRoot = join(__dirname, '..', '..');
  const plan = planLaunch(binary, appRoot, process.argv.slice(2), defaultDesktopLabDir(process.platform, process.env, homedir()));
  if (plan.mode === 'web') console.error(plan.message);
  const child = spawn(plan.file, plan.args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

if (require.main === module) main();
