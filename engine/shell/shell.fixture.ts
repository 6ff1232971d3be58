/** Builds a sim host on the seeds' topology and a shell on it, for the shell's tests. */
import type { HostState, NeighbourTable, TraceQuestion, TraceResult } from '../dataplane/types';
import type { HostChange, WalkerFn } from '../host/types';
import { SimHost } from '../host/sim/sim-host';
import { seedConfig, seedState } from '../host/sim/seed.fixture';
import { HostShell, type HostShellDeps } from './shell';

export const KEYSTONERC_ADMIN = [
  'unset OS_SERVICE_TOKEN',
  '    export OS_USERNAME=admin',
  "    export OS_PASSWORD='s3cr3t pass'",
  '    export OS_REGION_NAME=RegionOne',
  '    export OS_AUTH_URL=http://10.0.2.15:5000/v3',
  "    export PS1='[\\u@\\h \\W(keystone_admin)]\\$ '",
  '',
  'export OS_PROJECT_NAME=admin',
  'export OS_USER_DOMAIN_NAME=Default',
  'export OS_PROJECT_DOMAIN_NAME=Default',
  'export OS_IDENTITY_API_VERSION=3',
  '',
].join('\n');

/** A walker that answers from a table keyed by destination, and records the questions. */
export function fakeWalker(answers: Record<string, Partial<TraceResult>>, asked: TraceQuestion[] = []): WalkerFn {
  return (_state: HostState, _n: NeighbourTable, q: TraceQuestion): TraceResult => {
    asked.push(q);
    const a = answers[q.to];
    if (!a) return { delivered: false, steps: [{ kind: 'route', at: 'x', detail: 'no answer' }], dropped: { at: 'x', reason: 'filtered' }, learned: [] };
    return { delivered: false, steps: [], learned: [], ...a };
  };
}

export interface Rig {
  host: SimHost;
  shell: HostShell;
  changes: HostChange[];
  asked: TraceQuestion[];
  run(line: string): Promise<{ stdout: string; stderr: string; code: number }>;
}

export function rig(options: { answers?: Record<string, Partial<TraceResult>>; files?: Record<string, string>; deps?: Partial<HostShellDeps>; now?: () => Date } = {}): Rig {
  const changes: HostChange[] = [];
  const asked: TraceQuestion[] = [];
  const host = new SimHost(seedConfig(), {
    state: seedState(),
    onChange: (c) => changes.push(c),
    now: options.now,
    ids: { ovsUuid: 'c7c4cbfc-1f94-4359-9287-b829ff0bddf9', machineId: '0123456789abcdef0123456789abcdef', bootId: 'fedcba9876543210fedcba9876543210' },
  });
  const files = { '/root/keystonerc_admin': KEYSTONERC_ADMIN, ...options.files };
  const shell = new HostShell({ host, walker: fakeWalker(options.answers ?? {}, asked), readFile: (p) => files[p as keyof typeof files], ...options.deps });
  return { host, shell, changes, asked, run: (line) => shell.run(line) };
}
