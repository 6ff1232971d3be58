import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** The console text of the instance's last boot (after its last kernel banner). */
function lastBoot(log: string): string {
  const at = log.lastIndexOf('Linux version ');
  return at < 0 ? log : log.slice(at);
}

/**
 * A running instance whose last boot got no DHCP lease (CirrOS's udhcpc "No lease, failing"): it
 * has no IPv4 address inside the guest, whatever Neutron's port says. A guest asks for a lease
 * only while it boots, so enabling DHCP afterwards needs a reboot.
 */
export const instanceNoLease: DoctorRule = {
  id: 'instance-no-lease',
  async check(probe) {
    const listLine = 'openstack server list --all-projects --status ACTIVE -f json -c ID -c Name -c Networks';
    const { value: servers } = await osJson<Row[]>(probe, listLine);
    const findings: Finding[] = [];
    for (const s of servers ?? []) {
      const line = `openstack console log show ${String(s.ID)}`;
      const r = await probe(line);
      if (r.code !== 0) continue;
      const boot = lastBoot(r.stdout);
      if (!boot.includes('udhcpc: No lease, failing')) continue;
      const name = String(s.Name);
      const tail = boot.split('\n').filter((l) => l.startsWith('udhcpc:') || l === 'FAIL' || l.startsWith('if-info:'));
      findings.push({
        id: 'instance-no-lease',
        severity: 'error',
        symptom: `Instance ${name} has no IPv4 address inside the guest: ssh to it fails and it cannot reach the metadata service.`,
        cause: `${name}'s last boot got no DHCP lease (udhcpc: No lease, failing); Neutron gave its port ${JSON.stringify(s.Networks)} but the guest never learned it. A guest asks for a lease only while it boots.`,
        evidence: [{ command: line, output: tail.join('\n') }],
        fix: ['openstack subnet set --dhcp <its subnet>   (if the subnet has DHCP disabled)', `openstack server reboot ${name}`],
      });
    }
    return findings;
  },
};
