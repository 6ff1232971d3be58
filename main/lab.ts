/**
 * The lab engine as the desktop app runs it: the same Engine class and configuration as
 * `stacklab serve` (engine/core/config makeConfig), in this process, on the lab in the app's data
 * folder. Nothing here imports Electron, so the tests run it for real.
 */
import { join } from 'node:path';
import { makeConfig } from '../engine/core/config';
import { Engine } from '../engine/server/engine';
import { engineHandlerDeps } from '../engine/ui';
import type { StartLab } from './services';

export interface LabOptions {
  /** The lab's data directory (the app's: `<userData>/lab`). */
  dataDir: string;
  /** Added to every API port, as `serve --port-offset` (0 for the app). */
  portOffset?: number;
  app: { name: string; version: string };
  versions: { electron?: string; chrome?: string; node: string };
}

/** The lab of the desktop app: `<appData>/StackLab/lab`, the folder `npm start`'s web mode also uses. */
export function desktopLabDir(userData: string): string {
  return join(userData, 'lab');
}

/**
 * Starts the engine with progress, and gives the LabApi's dependencies and its stop. A lab another
 * stacklab already serves fails here with the lock's message ("another stacklab (pid N) is serving
 * this lab"), which the splash shows.
 */
export function engineStarter(options: LabOptions): StartLab {
  return async (onProgress) => {
    const engine = new Engine(makeConfig({ dataDir: options.dataDir, portOffset: options.portOffset ?? 0 }));
    try {
      const started = await engine.start(onProgress);
      return {
        deps: engineHandlerDeps(engine, started, { host: 'electron', app: options.app, versions: options.versions }),
        stop: () => engine.stop(),
      };
    } catch (error) {
      await engine.stop().catch(() => undefined);
      throw error;
    }
  };
}

/**
 * `--port-offset N` (or `--port-offset=N`) on the app's command line, as `serve` takes it, for a
 * second lab beside another on the same machine (tests, classrooms); 0 without it.
 */
export function portOffsetArg(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--port-offset' ? argv[i + 1] : a.startsWith('--port-offset=') ? a.slice('--port-offset='.length) : undefined;
    if (value === undefined) continue;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 50_000) throw new Error(`--port-offset must be an integer from 0 to 50000, not ${value}`);
    return n;
  }
  return 0;
}
