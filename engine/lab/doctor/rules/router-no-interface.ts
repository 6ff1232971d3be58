import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** A router attached to no subnet routes nothing: instances behind it have no gateway. */
export const routerNoInterface: DoctorRule = {
  id: 'router-no-interface',
  async check(probe) {
    const { value: routers } = await osJson<Row[]>(probe, 'openstack router list -f json');
    const findings: Finding[] = [];
    for (const r of routers ?? []) {
      const line = `openstack router show ${String(r.ID)} -f json -c name -c interfaces_info -c external_gateway_info`;
      const shown = await osJson<Row>(probe, line);
      const ifaces = shown.value?.interfaces_info;
      if (!Array.isArray(ifaces) || ifaces.length) continue;
      findings.push({
        id: 'router-no-interface',
        severity: 'warning',
        symptom: `Instances cannot reach their gateway or beyond through router ${String(r.Name)}.`,
        cause: `Router ${String(r.Name)} has no interface on any subnet.`,
        evidence: [{ command: line, output: shown.output }],
        fix: [`openstack router add subnet ${String(r.Name)} <subnet>`],
      });
    }
    return findings;
  },
};
