import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Engine, EngineStatus } from '../server/engine';
import type { LabStatus } from './contract';
import { connectEngine, type EngineHandlerDeps } from './handlers';
import { createLabHandlers } from './labs';
import { createTerminalFactory } from './terminals/launch';
import { createTopologySource } from './topology/source';
import { startUiServer, type UiServer } from './server';

/** The web UI's port: 8000, plus the lab's port offset. */
export const UI_PORT = 8000;

/** The package root (where package.json is), from dist/engine/ui or engine/ui alike. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find package.json above ' + __dirname);
    dir = up;
  }
  return dir;
}

/** Who hosts the LabApi, as `lab:status` reports it. */
export interface LabApiHostInfo {
  host: LabStatus['host'];
  app?: { name: string; version: string };
  versions?: LabStatus['versions'];
}

/**
 * The LabApi's dependencies for a started engine: the same for web mode (`serve --ui`) and for the
 * desktop app's main process, so the renderer cannot tell them apart.
 */
export function engineHandlerDeps(engine: Engine, started: EngineStatus, info: LabApiHostInfo): EngineHandlerDeps {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  const identity = started.apis.find((a) => a.type === 'identity');
  const status = (): LabStatus => ({
    app: info.app ?? { name: 'StackLab', version: pkg.version },
    host: info.host,
    platform: process.platform,
    arch: process.arch,
    versions: info.versions ?? { node: process.versions.node },
    engine: 'ready',
    services: started.apis.map((a) => ({ type: a.type, name: a.name, url: a.url })),
    authUrl: identity ? `${identity.url.replace(/\/$/, '')}/v3` : null,
    lastEventSeq: engine.events.lastSeq,
  });
  const origins = [...new Set(started.apis.map((a) => new URL(a.url).origin))];
  if (!engine.host) throw new Error('the engine is not started');
  // looked up at each call: a snapshot restore restarts the engine with a new host runtime
  const host = () => {
    if (!engine.host) throw new Error('the lab is restarting; try again in a moment');
    return engine.host;
  };
  const shell = { openSession: () => host().openSession(), run: (id: string, line: string) => host().run(id, line), closeSession: (id: string) => host().closeSession(id) };
  const terminals = createTerminalFactory({
    dataDir: started.dataDir,
    guests: () => engine.guests,
    serverName: (id) => engine.compute?.servers.find(id)?.name,
    stacklabBin: join(packageRoot(), 'bin', 'stacklab.js'),
  });
  return { status, events: engine.events, shell, apiOrigins: () => origins, lab: createLabHandlers(engine, started), terminals, topology: createTopologySource(engine) };
}

/** `stacklab serve --ui`: serves the built renderer and the LabApi for a started engine. */
export async function startEngineUi(engine: Engine, started: EngineStatus, opts: { host: string; portOffset: number; rendererDir?: string }): Promise<UiServer> {
  const deps = engineHandlerDeps(engine, started, { host: 'web' });
  return startUiServer({
    host: opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host,
    port: UI_PORT + opts.portOffset,
    rendererDir: opts.rendererDir ?? join(packageRoot(), 'dist', 'renderer'),
    connect: (emit) => connectEngine(deps, emit),
    events: engine.events,
    progress: () => ({ step: 'ready', message: `${started.apis.length} services ready`, done: started.apis.length, total: started.apis.length }),
  });
}
