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
      engine: 'not-started',
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

/** The IPC handlers: thin, each calls one service. */
export function createIpcHandlers(services: MainServices): IpcHandlers {
  return {
    'lab:status': () => services.lab.status(),
  };
}
