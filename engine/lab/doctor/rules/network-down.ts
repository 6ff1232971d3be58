import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** A network set administratively down carries no traffic for the ports on it. */
export const networkDown: DoctorRule = {
  id: 'network-down',
  async check(probe) {
    const list = await osJson<Row[]>(probe, 'openstack network list --long -f json');
    const findings: Finding[] = [];
    for (const n of list.value ?? []) {
      if (n.State !== false && n.State !== 'DOWN') continue;
      const line = `openstack port list --network ${String(n.ID)} -f json`;
      const ports = await osJson<Row[]>(probe, line);
      if (!ports.value?.length) continue;
      findings.push({
        id: 'network-down',
        severity: 'error',
        symptom: `The ${ports.value.length} port(s) on network ${String(n.Name)} pass no traffic.`,
        cause: `Network ${String(n.Name)} is administratively DOWN (admin_state_up False).`,
        evidence: [
          { command: 'openstack network list --long -f json', output: JSON.stringify([n], null, 2) },
          { command: line, output: ports.output },
        ],
        fix: [`openstack network set --enable ${String(n.Name)}`],
      });
    }
    return findings;
  },
};
