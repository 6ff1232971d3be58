import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/**
 * A router with instances behind it but no external gateway while an external network exists: a
 * floating IP cannot be associated with those instances (Neutron's 404 "External network … is not
 * reachable from subnet …") and they reach nothing outside.
 */
export const routerNoGateway: DoctorRule = {
  id: 'router-no-gateway',
  async check(probe) {
    const extLine = 'openstack network list --external -f json';
    const ext = await osJson<Row[]>(probe, extLine);
    if (!ext.value?.length) return [];
    const { value: routers } = await osJson<Row[]>(probe, 'openstack router list -f json');
    const findings: Finding[] = [];
    for (const r of routers ?? []) {
      const line = `openstack router show ${String(r.ID)} -f json -c name -c interfaces_info -c external_gateway_info`;
      const shown = await osJson<Row>(probe, line);
      const v = shown.value;
      if (!v || (v.external_gateway_info && Object.keys(v.external_gateway_info as object).length)) continue;
      const ifaces = Array.isArray(v.interfaces_info) ? (v.interfaces_info as Row[]) : [];
      if (!ifaces.length) continue;
      const subnets = new Set(ifaces.map((i) => String(i.subnet_id)));
      const portsLine = `openstack port list --device-owner compute:nova -f json -c ID -c "Fixed IP Addresses"`;
      const ports = await osJson<Row[]>(probe, portsLine);
      const behind = (ports.value ?? []).filter((p) => Array.isArray(p['Fixed IP Addresses']) && (p['Fixed IP Addresses'] as Row[]).some((f) => subnets.has(String(f.subnet_id))));
      if (!behind.length) continue;
      const extName = String(ext.value[0].Name);
      findings.push({
        id: 'router-no-gateway',
        severity: 'error',
        symptom: `Floating IPs cannot be associated with the ${behind.length} instance port(s) behind router ${String(r.Name)} ("External network … is not reachable from subnet …"), and those instances reach nothing outside.`,
        cause: `Router ${String(r.Name)} has no external gateway (external_gateway_info is empty) although external network ${extName} exists.`,
        evidence: [
          { command: line, output: shown.output },
          { command: extLine, output: ext.output },
        ],
        fix: [`openstack router set --external-gateway ${extName} ${String(r.Name)}`, 'openstack server add floating ip <server> <floating IP>'],
      });
    }
    return findings;
  },
};
