import { connectEngine, type EmitEvent, type EngineHandlerDeps, type LabApiConnection } from '../engine/ui/handlers';
import type { IpcHandlers } from './ipc/handlers';
import { invokeChannels, type LabProgress, type LabStatus } from './ipc/contract';

/** Facts about the running app, read once at start-up by the entry point. */
export interface RuntimeInfo {
  appName: string;
  appVersion: string;
  platform: string;
  arch: string;
  versions: { electron?: string; chrome?: string; node: string };
}

/** A started lab engine, as main holds it: the LabApi's dependencies and how to stop it. */
export interface LabEngineHandle {
  deps: EngineHandlerDeps;
  stop(): Promise<void>;
}

/** Starts the lab engine in-process (main/index.ts passes the real one; tests pass fakes). */
export type StartLab = (onProgress: (progress: LabProgress) => void) => Promise<LabEngineHandle>;

/** Thrown by the channels that need the lab engine while it is not (yet) serving. */
export class EngineNotStartedError extends Error {
  override name = 'EngineNotStartedError';
  constructor(reason = 'The lab engine is still starting; try again in a moment.') {
    super(reason);
  }
}

/**
 * The lab as the desktop shell sees it: not started, starting (with progress), ready (the engine
 * serves in this process), or failed; stopped exactly once on quit.
 */
export class LabService {
  private state: LabStatus['engine'] | 'failed' = 'not-started';
  private handle?: LabEngineHandle;
  private failure?: string;
  private stopping?: Promise<void>;

  constructor(
    private readonly runtime: RuntimeInfo,
    private readonly startLab?: StartLab,
  ) {}

  /** Starts the engine; progress goes to `onProgress`. Resolves when it serves, or failed. */
  async start(onProgress: (progress: LabProgress) => void): Promise<void> {
    if (!this.startLab || this.state !== 'not-started') return;
    this.state = 'starting';
    try {
      this.handle = await this.startLab(onProgress);
      this.state = 'ready';
      onProgress({ step: 'ready', message: 'The lab is ready.', done: 1, total: 1 });
    } catch (error) {
      this.state = 'failed';
      this.failure = error instanceof Error ? error.message : String(error);
      onProgress({ step: 'failed', message: `The lab could not start: ${this.failure}`, done: 0, total: 1 });
    }
  }

  get engine(): LabEngineHandle | undefined {
    return this.state === 'ready' ? this.handle : undefined;
  }

  status(): LabStatus {
    const { appName, appVersion, platform, arch, versions } = this.runtime;
    const own = { app: { name: appName, version: appVersion }, platform, arch, versions: { ...versions }, host: 'electron' as const };
    if (this.state === 'ready' && this.handle) return { ...this.handle.deps.status(), ...own };
    return { ...own, engine: this.state === 'starting' ? 'starting' : 'not-started', services: [], authUrl: null, lastEventSeq: 0 };
  }

  get error(): string | undefined {
    return this.failure;
  }

  /** Stops the engine (once, however often asked): every acknowledged write is on disk after. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const h = this.handle;
      this.handle = undefined;
      this.state = 'not-started';
      if (h) await h.stop();
    })();
    return this.stopping;
  }
}

export interface MainServices {
  lab: LabService;
}

/** Builds every service of the main process, in one place, dependencies passed in. */
export function createMainServices(runtime: RuntimeInfo, startLab?: StartLab): MainServices {
  return { lab: new LabService(runtime, startLab) };
}

/**
 * The IPC handlers of the window: `lab:status` from the lab service; every other channel from the
 * window's connection to the engine (engine/ui/handlers.ts connectEngine, exactly as in web mode),
 * made when the engine is ready; before that they answer EngineNotStartedError.
 */
export function createIpcHandlers(services: MainServices, emit: EmitEvent): { handlers: IpcHandlers; open(): void; close(): void } {
  let connection: LabApiConnection | undefined;
  let unsubscribe: (() => void) | undefined;
  const connect = (): LabApiConnection => {
    const engine = services.lab.engine;
    if (!engine) throw new EngineNotStartedError(services.lab.error ? `The lab could not start: ${services.lab.error}` : undefined);
    if (!connection) {
      connection = connectEngine(engine.deps, emit);
      unsubscribe = engine.deps.events.subscribe((e) => emit('lab:event', e));
    }
    return connection;
  };
  const handlers = Object.fromEntries(
    invokeChannels.map((channel) => [
      channel,
      channel === 'lab:status' ? () => services.lab.status() : (...args: unknown[]) => (connect().handlers[channel] as (...a: unknown[]) => unknown)(...args),
    ]),
  ) as unknown as IpcHandlers;
  return {
    handlers,
    /** Connects now when the engine serves (engine events flow before the page's first call). */
    open() {
      if (services.lab.engine) connect();
    },
    close() {
      unsubscribe?.();
      connection?.close();
      connection = undefined;
    },
  };
}

