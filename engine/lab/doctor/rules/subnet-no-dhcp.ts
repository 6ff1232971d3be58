import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** Instances on a subnet without DHCP get no address (CirrOS waits for a lease and gives up). */
export const subnetNoDhcp: DoctorRule = {
  id: 'subnet-no-dhcp',
  async check(probe) {
    const list = await osJson<Row[]>(probe, 'openstack subnet list --no-dhcp -f json');
    const findings: Finding[] = [];
    for (const s of list.value ?? []) {
      const line = `openstack port list --network ${String(s.Network)} --device-owner compute:nova -f json`;
      const ports = await osJson<Row[]>(probe, line);
      if (!ports.value?.length) continue;
      findings.push({
        id: 'subnet-no-dhcp',
        severity: 'error',
        symptom: `Instances on subnet ${String(s.Name)} get no IP address by DHCP.`,
        cause: `Subnet ${String(s.Name)} has DHCP disabled while ${ports.value.length} instance port(s) are on its network.`,
        evidence: [
          { command: 'openstack subnet list --no-dhcp -f json', output: list.output },
          { command: line, output: ports.output },
        ],
        fix: [`openstack subnet set --dhcp ${String(s.Name)}`],
      });
    }
    return findings;
  },
};
