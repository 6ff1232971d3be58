import type { IpcHandlers } from './ipc/handlers';
import type { LabStatus } from './ipc/contract';

/** Facts about the running app, read once at start-up by the entry point. */
export interface RuntimeInfo {
  appName: string;
  appVersion: string;
  platform: string;
  arch: string;
  versions: { electron?: string; chrome?: string; node: string };
}

/** The lab as the desktop shell sees it. The engine is wired in here in a later issue. */
export class LabService {
  constructor(private readonly runtime: RuntimeInfo) {}

  status(): LabStatus {
    const { appName, appVersion, platform, arch, versions } = this.runtime;
    return {
      app: { name: appName, version: appVersion },
      platform,
      arch,
      versions: { ...versions },
      host: 'electron',
      engine: 'not-started',
      services: [],
      authUrl: null,
      lastEventSeq: 0,
    };
  }
}

export interface MainServices {
  lab: LabService;
}

/** Builds every service of the main process, in one place, dependencies passed in. */
export function createMainServices(runtime: RuntimeInfo): MainServices {
  return { lab: new LabService(runtime) };
}

/** Thrown by the channels that need the lab engine, which the desktop shell does not start yet. */
export class EngineNotStartedError extends Error {
  override name = 'EngineNotStartedError';
  constructor() {
    super('The lab engine is not started in the desktop app yet: run `stacklab serve --ui` for web mode.');
  }
}

const needsEngine = (): never => {
  throw new EngineNotStartedError();
};

/**
 * The IPC handlers: thin, each calls one service. Once main hosts the engine, the engine-backed
 * channels come from engine/ui/handlers.ts's createEngineHandlers, exactly as in web mode.
 */
export function createIpcHandlers(services: MainServices): IpcHandlers {
  return {
    'lab:status': () => services.lab.status(),
    'lab:eventsSince': needsEngine,
    'os:request': needsEngine,
    'shell:open': needsEngine,
    'shell:run': needsEngine,
    'shell:close': needsEngine,
    'host:graph': needsEngine,
    'host:trace': needsEngine,
    'term:open': needsEngine,
    'term:write': needsEngine,
    'term:resize': needsEngine,
    'term:ack': needsEngine,
    'term:close': needsEngine,
    'snapshot:list': needsEngine,
    'snapshot:save': needsEngine,
    'snapshot:restore': needsEngine,
    'snapshot:delete': needsEngine,
    'snapshot:diff': needsEngine,
    'guided:list': needsEngine,
    'guided:start': needsEngine,
    'guided:check': needsEngine,
    'guided:hint': needsEngine,
    'guided:reset': needsEngine,
  };
}
