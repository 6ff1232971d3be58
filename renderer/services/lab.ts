import type { HostGraph, TerminalInfo, TerminalSpec, TraceRequest, TraceResult } from '../../engine/ui/contract';
import type { DoctorFindingValue, ScenarioInfo, ScenarioStateValue } from '../../engine/ui/contract';
import type { GuidedCheckValue, GuidedLabInfo, LabEventValue, LabProgress, LabStatus, ShellRunResult, ShellSession, SnapshotDiffValue, SnapshotInfo } from '../../engine/ui/contract';
import type { IpcClient } from '../ipc/client';

/** The lab, as the renderer reaches it through its host (Electron main or web mode). */
export interface LabService {
  status(): Promise<LabStatus>;
  onEvent(listener: (event: LabEventValue) => void): () => void;
  onProgress(listener: (progress: LabProgress) => void): () => void;
  shell: {
    open(): Promise<ShellSession>;
    run(id: string, line: string): Promise<ShellRunResult>;
    close(id: string): Promise<null>;
  };
  topology: {
    graph(): Promise<HostGraph>;
    trace(request: TraceRequest): Promise<TraceResult>;
    onChanged(listener: (e: { version: number }) => void): () => void;
  };
  terminals: {
    open(spec: TerminalSpec): Promise<TerminalInfo>;
    write(id: string, data: string): Promise<null>;
    resize(id: string, cols: number, rows: number): Promise<null>;
    ack(id: string, chars: number): Promise<null>;
    close(id: string): Promise<null>;
    onData(listener: (e: { id: string; data: string }) => void): () => void;
    onExit(listener: (e: { id: string; code: number | null }) => void): () => void;
  };
  snapshots: {
    list(): Promise<SnapshotInfo[]>;
    save(name: string): Promise<SnapshotInfo>;
    restore(name: string): Promise<SnapshotInfo>;
    remove(name: string): Promise<null>;
    diff(from: string, to: string): Promise<SnapshotDiffValue>;
  };
  guided: {
    list(): Promise<GuidedLabInfo[]>;
    start(name: string): Promise<GuidedLabInfo>;
    check(): Promise<GuidedCheckValue>;
    hint(): Promise<{ step: string; level: number; of: number; text: string }>;
    reset(): Promise<GuidedLabInfo>;
  };
  scenarios: {
    list(): Promise<{ scenarios: ScenarioInfo[]; running: ScenarioStateValue | null }>;
    start(name: string): Promise<ScenarioStateValue>;
    status(): Promise<ScenarioStateValue | null>;
    hint(): Promise<{ level: number; of: number; text: string }>;
    stop(): Promise<null>;
    doctor(): Promise<{ findings: DoctorFindingValue[]; scenario: ScenarioStateValue | null }>;
  };
}

export function createLabService(ipc: IpcClient): LabService {
  return {
    status: () => ipc.invoke('lab:status'),
    onEvent: (listener) => ipc.on('lab:event', listener),
    onProgress: (listener) => ipc.on('lab:progress', listener),
    shell: {
      open: () => ipc.invoke('shell:open'),
      run: (id, line) => ipc.invoke('shell:run', id, line),
      close: (id) => ipc.invoke('shell:close', id),
    },
    topology: {
      graph: () => ipc.invoke('host:graph'),
      trace: (request) => ipc.invoke('host:trace', request),
      onChanged: (listener) => ipc.on('host:changed', listener),
    },
    terminals: {
      open: (spec) => ipc.invoke('term:open', spec),
      write: (id, data) => ipc.invoke('term:write', id, data),
      resize: (id, cols, rows) => ipc.invoke('term:resize', id, cols, rows),
      ack: (id, chars) => ipc.invoke('term:ack', id, chars),
      close: (id) => ipc.invoke('term:close', id),
      onData: (listener) => ipc.on('term:data', listener),
      onExit: (listener) => ipc.on('term:exit', listener),
    },
    snapshots: {
      list: () => ipc.invoke('snapshot:list'),
      save: (name) => ipc.invoke('snapshot:save', name),
      restore: (name) => ipc.invoke('snapshot:restore', name),
      remove: (name) => ipc.invoke('snapshot:delete', name),
      diff: (from, to) => ipc.invoke('snapshot:diff', from, to),
    },
    guided: {
      list: () => ipc.invoke('guided:list'),
      start: (name) => ipc.invoke('guided:start', name),
      check: () => ipc.invoke('guided:check'),
      hint: () => ipc.invoke('guided:hint'),
      reset: () => ipc.invoke('guided:reset'),
    },
    scenarios: {
      list: () => ipc.invoke('scenario:list'),
      start: (name) => ipc.invoke('scenario:start', name),
      status: () => ipc.invoke('scenario:status'),
      hint: () => ipc.invoke('scenario:hint'),
      stop: () => ipc.invoke('scenario:stop'),
      doctor: () => ipc.invoke('doctor:run'),
    },
  };
}
