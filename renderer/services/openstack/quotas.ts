import { command } from './cli';
import type { OpenStackClient } from './client';

/** A project's quota set: Nova's (compute) and Neutron's (network) keys, as their APIs spell them. */
export type QuotaSet = Record<string, number>;

/** Nova's keys Horizon's "Modify Quotas" shows, with the CLI flag of each (`openstack quota set`). */
export const COMPUTE_QUOTAS: { key: string; label: string; flag: string }[] = [
  { key: 'instances', label: 'Instances', flag: '--instances' },
  { key: 'cores', label: 'VCPUs', flag: '--cores' },
  { key: 'ram', label: 'RAM (MB)', flag: '--ram' },
  { key: 'key_pairs', label: 'Key Pairs', flag: '--key-pairs' },
  { key: 'server_groups', label: 'Server Groups', flag: '--server-groups' },
];
export const NETWORK_QUOTAS: { key: string; label: string; flag: string }[] = [
  { key: 'network', label: 'Networks', flag: '--networks' },
  { key: 'subnet', label: 'Subnets', flag: '--subnets' },
  { key: 'port', label: 'Ports', flag: '--ports' },
  { key: 'router', label: 'Routers', flag: '--routers' },
  { key: 'floatingip', label: 'Floating IPs', flag: '--floating-ips' },
  { key: 'security_group', label: 'Security Groups', flag: '--secgroups' },
  { key: 'security_group_rule', label: 'Security Group Rules', flag: '--secgroup-rules' },
];

const numbers = (o: Record<string, unknown>): QuotaSet => Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number'));

/** Nova's os-quota-sets and Neutron's quotas for one project (Identity → Projects → Modify Quotas). */
export function quotasApi(c: OpenStackClient) {
  return {
    compute: async (projectId: string, projectName: string) =>
      numbers(
        (await c.request<{ quota_set: Record<string, unknown> }>({ service: 'compute', method: 'GET', path: `/os-quota-sets/${projectId}`, cli: command('quota show', [], projectName) })).body
          .quota_set,
      ),
    network: async (projectId: string, projectName: string) =>
      numbers((await c.request<{ quota: Record<string, unknown> }>({ service: 'network', method: 'GET', path: `/v2.0/quotas/${projectId}`, cli: command('quota show', [], projectName) })).body.quota),
    /** Neutron's defaults (read-only here: Neutron sets them in neutron.conf). */
    networkDefaults: async (projectId: string) =>
      numbers((await c.request<{ quota: Record<string, unknown> }>({ service: 'network', method: 'GET', path: `/v2.0/quotas/${projectId}/default`, cli: command('quota show', [['--default', true]]) })).body.quota),
    setCompute: (projectId: string, projectName: string, q: QuotaSet) =>
      c.request({
        service: 'compute',
        method: 'PUT',
        path: `/os-quota-sets/${projectId}`,
        body: { quota_set: q },
        cli: command('quota set', COMPUTE_QUOTAS.filter((d) => d.key in q).map((d): [string, number | undefined] => [d.flag, q[d.key]]), projectName),
      }),
    setNetwork: (projectId: string, projectName: string, q: QuotaSet) =>
      c.request({
        service: 'network',
        method: 'PUT',
        path: `/v2.0/quotas/${projectId}`,
        body: { quota: q },
        cli: command('quota set', NETWORK_QUOTAS.filter((d) => d.key in q).map((d): [string, number | undefined] => [d.flag, q[d.key]]), projectName),
      }),
  };
}
