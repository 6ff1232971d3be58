import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** Whether an ingress rule row (`openstack security group rule list -f json`) admits `proto`/`port` from some address. */
function admits(r: Row, proto: 'icmp' | 'tcp', port?: number): boolean {
  if (r.Direction !== 'ingress' || r.Ethertype !== 'IPv4') return false;
  // a rule whose remote is another group admits only that group's members, never the host or the outside
  if (r['Remote Security Group'] || r['Remote Address Group']) return false;
  const p = r['IP Protocol'] === null || r['IP Protocol'] === undefined ? null : String(r['IP Protocol']).toLowerCase();
  if (p !== null && p !== proto && !(proto === 'icmp' && p === '1') && !(proto === 'tcp' && p === '6')) return false;
  if (port === undefined || p === null) return true;
  const range = String(r['Port Range'] ?? '');
  if (!range) return true;
  const [lo, hi] = range.split(':').map(Number);
  return lo <= port && port <= (hi ?? lo);
}

/**
 * An instance reached through a floating IP whose security groups admit neither ICMP nor SSH from
 * outside (Neutron's default group admits only its own members): ping and ssh to it time out.
 */
export const secgroupNoIngress: DoctorRule = {
  id: 'secgroup-no-ingress',
  async check(probe) {
    const fipLine = 'openstack floating ip list -f json';
    const fips = await osJson<Row[]>(probe, fipLine);
    const findings: Finding[] = [];
    for (const fip of fips.value ?? []) {
      if (!fip.Port) continue;
      const portLine = `openstack port show ${String(fip.Port)} -f json -c device_id -c device_owner -c port_security_enabled -c security_group_ids`;
      const port = await osJson<Row>(probe, portLine);
      const p = port.value;
      if (!p || !String(p.device_owner ?? '').startsWith('compute:') || p.port_security_enabled === false) continue;
      const groups = Array.isArray(p.security_group_ids) ? p.security_group_ids.map(String) : [];
      const evidence = [
        { command: fipLine, output: JSON.stringify([fip], null, 2) },
        { command: portLine, output: port.output },
      ];
      const rules: Row[] = [];
      const names: string[] = [];
      for (const g of groups) {
        const show = await osJson<Row>(probe, `openstack security group show ${g} -f json -c name`);
        names.push(String(show.value?.name ?? g));
        const line = `openstack security group rule list ${g} --ingress -f json`;
        const list = await osJson<Row[]>(probe, line);
        if (!list.value) continue;
        rules.push(...list.value);
        evidence.push({ command: line, output: list.output });
      }
      const icmp = rules.some((r) => admits(r, 'icmp'));
      const ssh = rules.some((r) => admits(r, 'tcp', 22));
      if (icmp && ssh) continue;
      const server = await osJson<Row>(probe, `openstack server show ${String(p.device_id)} -f json -c name`);
      const vm = String(server.value?.name ?? p.device_id);
      const addr = String(fip['Floating IP Address']);
      const missing = [icmp ? '' : 'ICMP', ssh ? '' : 'TCP port 22 (SSH)'].filter(Boolean);
      const fixGroup = names[0] ?? '<group>';
      if (!icmp) {
        const ping = await probe(`ping -c 1 -W 1 ${addr}`);
        evidence.push({ command: `ping -c 1 -W 1 ${addr}`, output: ping.stdout + ping.stderr });
      }
      findings.push({
        id: 'secgroup-no-ingress',
        severity: 'error',
        symptom: `${[icmp ? '' : 'ping', ssh ? '' : 'ssh'].filter(Boolean).join(' and ')} to instance ${vm} at floating IP ${addr} time${icmp || ssh ? 's' : ''} out.`,
        cause: `The security group(s) of ${vm}'s port (${names.join(', ') || 'none'}) have no ingress rule admitting ${missing.join(' or ')} from outside${rules.some((r) => r['Remote Security Group']) ? ' (their ingress rules admit only members of a security group)' : ''}.`,
        evidence,
        fix: [
          ...(icmp ? [] : [`openstack security group rule create --proto icmp ${fixGroup}`]),
          ...(ssh ? [] : [`openstack security group rule create --proto tcp --dst-port 22 ${fixGroup}`]),
        ],
      });
    }
    return findings;
  },
};
