import { cidrContains } from '../../../core/net/ip';
import type { DoctorRule, Finding, Probe } from '../types';
import { osJson, type Row } from './json';

interface AgentRow {
  ID: string;
  'Agent Type': string;
  Host: string;
  Alive: boolean | string;
  Binary: string;
}

const alive = (a: AgentRow): boolean => a.Alive === true || a.Alive === ':-)' || a.Alive === 'True';

const fixedIps = (v: unknown): { subnet_id: string; ip_address: string }[] =>
  Array.isArray(v) ? (v as { subnet_id: string; ip_address: string }[]).filter((x) => x && typeof x.ip_address === 'string') : [];

/** The instances' addresses, by server name, from `openstack server list` (ACTIVE ones). */
async function activeServers(probe: Probe): Promise<{ id: string; name: string; ips: string[] }[]> {
  const { value } = await osJson<Row[]>(probe, 'openstack server list --all-projects -f json');
  return (value ?? [])
    .filter((s) => s.Status === 'ACTIVE')
    .map((s) => {
      const nets = s.Networks;
      const ips: string[] = [];
      if (typeof nets === 'string') for (const m of nets.matchAll(/(\d+\.\d+\.\d+\.\d+)/g)) ips.push(m[1]);
      else if (nets && typeof nets === 'object') for (const list of Object.values(nets as Record<string, unknown>)) if (Array.isArray(list)) ips.push(...list.map(String));
      return { id: String(s.ID), name: String(s.Name), ips };
    });
}

/**
 * The seeds' "ARP incomplete": the host was renamed and the Neutron agents registered again under
 * the new name. A router still hosted by the old (dead) L3 agent, and an instance port still bound
 * to the old host, are parked on the dead VLAN by the Open vSwitch agent that now runs under the
 * new name: the router namespace's neighbour entry for the instance stays (incomplete).
 */
export const routerAgentHost: DoctorRule = {
  id: 'router-agent-host',
  async check(probe) {
    const routers = (await osJson<Row[]>(probe, 'openstack router list -f json')).value ?? [];
    if (!routers.length) return [];
    const hostnameOut = await probe('hostname');
    const hostname = hostnameOut.stdout.trim();
    const agentList = await osJson<AgentRow[]>(probe, 'openstack network agent list -f json');
    const agents = agentList.value ?? [];
    const liveOn = (type: string, host?: string) => agents.find((a) => a['Agent Type'] === type && alive(a) && (host === undefined || a.Host === host));
    // the agents of this host: under its current name when they restarted, else wherever the live one reports
    const liveL3 = liveOn('L3 agent', hostname) ?? liveOn('L3 agent');
    const liveOvs = liveOn('Open vSwitch agent', hostname) ?? liveOn('Open vSwitch agent');
    const findings: Finding[] = [];
    const servers = await activeServers(probe);

    for (const r of routers) {
      const name = String(r.Name);
      const id = String(r.ID);
      const hostedLine = `openstack network agent list --router ${name} -f json`;
      const hosted = await osJson<AgentRow[]>(probe, hostedLine);
      const on = hosted.value?.[0];
      const stale = on && (!alive(on) || (liveL3 !== undefined && on.Host !== liveL3.Host));
      if (hosted.value && (stale || (!on && liveL3))) {
        const moves = [
          ...(on ? [`openstack network agent remove router --l3 ${on.ID} ${name}`] : []),
          ...(liveL3 ? [`openstack network agent add router --l3 ${liveL3.ID} ${name}`] : []),
        ];
        findings.push({
          id: 'router-agent-host',
          severity: 'error',
          symptom: `Router ${name} does not forward: instances behind it cannot be reached from its namespace or through floating IPs.`,
          cause: on
            ? `Router ${name} is hosted by the L3 agent of host ${on.Host} (${alive(on) ? 'alive, but not the one running here' : 'dead: XXX'}), while this host is ${hostname}${liveL3 ? ` and its L3 agent reports as ${liveL3.Host}` : ''}. The hostname changed after the router was scheduled.`
            : `No L3 agent hosts router ${name}.`,
          evidence: [
            { command: 'hostname', output: hostnameOut.stdout },
            { command: 'openstack network agent list', output: agentList.output },
            { command: `openstack network agent list --router ${name}`, output: hosted.output },
          ],
          fix: [
            ...(on && on.Host !== hostname ? [`hostnamectl set-hostname ${on.Host}`, 'systemctl restart neutron-*'] : []),
            ...(moves.length ? [`# or move the router to the live agent: ${moves.join('; ')}`] : []),
          ],
        });
      }

      // the instances on the router's subnets: does the router namespace reach them?
      if (!servers.length) continue;
      const portsLine = `openstack port list --router ${id} -f json`;
      const ports = (await osJson<Row[]>(probe, portsLine)).value ?? [];
      const subnets: { id: string; cidr: string; qr: string }[] = [];
      for (const p of ports) {
        if (String(p['Device Owner'] ?? p.device_owner ?? '').includes('gateway')) continue;
        for (const f of fixedIps(p['Fixed IP Addresses'])) {
          const cidr = (await probe(`openstack subnet show ${f.subnet_id} -f value -c cidr`)).stdout.trim();
          if (cidr) subnets.push({ id: f.subnet_id, cidr, qr: `qr-${String(p.ID).slice(0, 11)}` });
        }
      }
      for (const s of servers) {
        for (const ip of s.ips) {
          const sub = subnets.find((x) => cidrContains(x.cidr, ip));
          if (!sub) continue;
          const pingLine = `ip netns exec qrouter-${id} ping -c 1 -W 1 ${ip}`;
          const ping = await probe(pingLine);
          if (ping.code === 0) continue;
          const arpLine = `ip netns exec qrouter-${id} arp -n`;
          const arp = await probe(arpLine);
          const incomplete = arp.stdout.split('\n').some((l) => l.startsWith(`${ip} `) && l.includes('(incomplete)'));
          if (!incomplete) continue;
          // why: the instance's port is bound to a host the live Open vSwitch agent does not serve
          const portList = await osJson<Row[]>(probe, `openstack port list --server ${s.id} -f json`);
          const port = (portList.value ?? []).find((p) => fixedIps(p['Fixed IP Addresses']).some((f) => f.ip_address === ip));
          if (!port) continue;
          const showLine = `openstack port show ${String(port.ID)} -f value -c binding_host_id`;
          const bound = (await probe(showLine)).stdout.trim();
          const routerHost = on?.Host;
          const servedBy = liveOvs?.Host;
          const portStale = servedBy !== undefined && bound !== '' && bound !== servedBy;
          const routerStale = servedBy !== undefined && routerHost !== undefined && routerHost !== servedBy;
          if (!portStale && !routerStale) continue;
          const why = [
            ...(portStale ? [`the instance's port is bound to host ${bound}`] : []),
            ...(routerStale ? [`the router is hosted by the L3 agent of host ${routerHost}`] : []),
          ];
          findings.push({
            id: 'router-agent-host',
            severity: 'error',
            symptom: `Ping and ssh from router ${name}'s namespace to ${s.name} (${ip}) fail; its neighbour entry stays (incomplete).`,
            cause: `${why.join(' and ')}, but the Open vSwitch agent of this host now runs as ${servedBy}: it parks those ports on the dead VLAN 4095, so ARP for ${ip} gets no answer.`,
            evidence: [
              { command: pingLine, output: ping.stdout + ping.stderr },
              { command: arpLine, output: arp.stdout },
              { command: showLine, output: `${bound}\n` },
              { command: 'openstack network agent list', output: agentList.output },
            ],
            fix: [
              ...(bound && bound !== hostname ? [`hostnamectl set-hostname ${bound}`, 'systemctl restart neutron-*'] : ['systemctl restart neutron-*']),
              `# or bind the port to the live agent's host: openstack port set --host ${servedBy} ${String(port.ID)}`,
              `ip netns exec qrouter-${id} ip neigh flush dev ${sub.qr}`,
            ],
          });
        }
      }
    }
    return findings;
  },
};
