import type { Clock } from '../../core/clock';
import type { HypervisorDriver } from '../types';

export type NovaService = 'nova-api' | 'nova-scheduler' | 'nova-conductor' | 'nova-compute';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** Who asked: the request's context as Nova's log lines print it. */
export interface LogContext {
  requestId: string;
  userId: string;
  projectId: string;
}

/** Stable process ids per service, as a running PackStack host would show them. */
const PIDS: Record<NovaService, number> = { 'nova-api': 2871, 'nova-scheduler': 2874, 'nova-conductor': 2873, 'nova-compute': 3190 };

/** `2026-11-22 08:00:00.123` in UTC. */
function stamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * Nova's log files on the controller host (/var/log/nova/<service>.log), in Nova's line format:
 * `<time> <pid> <LEVEL> <logger> [None req-… <user> <project> - - default default] [instance: …] message`.
 */
export class NovaLog {
  constructor(
    private readonly hosts: HypervisorDriver,
    private readonly clock: Clock,
  ) {}

  write(service: NovaService, level: LogLevel, logger: string, ctx: LogContext | undefined, message: string, instanceId?: string): void {
    if (!this.hosts.appendLog) return;
    const who = ctx ? `[None ${ctx.requestId} ${ctx.userId} ${ctx.projectId} - - default default]` : '[-]';
    const inst = instanceId ? `[instance: ${instanceId}] ` : '';
    const lines = message.split('\n');
    const head = `${stamp(this.clock.now())} ${PIDS[service]} ${level} ${logger} ${who} ${inst}`;
    this.hosts.appendLog(`/var/log/nova/${service}.log`, lines.map((l) => head + l).join('\n') + '\n');
  }
}
