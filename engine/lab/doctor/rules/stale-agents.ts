import type { DoctorRule, Finding } from '../types';
import { osJson } from './json';

interface AgentRow {
  ID: string;
  'Agent Type': string;
  Host: string;
  Alive: boolean | string;
  Binary: string;
}

const alive = (a: AgentRow): boolean => a.Alive === true || a.Alive === ':-)' || a.Alive === 'True';

/**
 * Agents registered under a name the host no longer has (the seeds' `localhost.localdomain` rows
 * after a rename): dead, while an agent of the same binary is alive under the current hostname.
 * Harmless once nothing is scheduled on them, but they confuse `openstack network agent list`.
 */
export const staleAgents: DoctorRule = {
  id: 'stale-agents',
  async check(probe) {
    const list = await osJson<AgentRow[]>(probe, 'openstack network agent list -f json');
    if (!list.value) return [];
    const hostname = (await probe('hostname')).stdout.trim();
    const stale = list.value.filter((a) => !alive(a) && a.Host !== hostname && list.value!.some((b) => b.Binary === a.Binary && b.Host === hostname && alive(b)));
    if (!stale.length) return [];
    const finding: Finding = {
      id: 'stale-agents',
      severity: 'warning',
      symptom: `openstack network agent list shows ${stale.length} dead agent(s) (XXX) next to live ones of the same kind.`,
      cause: `The host was renamed to ${hostname}: the agents registered again under the new name, and the registrations under ${[...new Set(stale.map((a) => a.Host))].join(', ')} no longer report.`,
      evidence: [{ command: 'openstack network agent list', output: list.output }],
      fix: [`openstack network agent delete ${stale.map((a) => a.ID).join(' ')}`],
    };
    return [finding];
  },
};
