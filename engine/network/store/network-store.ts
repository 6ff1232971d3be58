import type { LabDatabase } from '../../core/db';
import { DocTable } from '../../core/doc-table';
import type { Agent, FloatingIp, Network, Port, Router, SecurityGroup, SecurityGroupRule, Subnet } from '../types';
import { networkMigrations } from './migrations';

/** A security group as stored: its rules live in their own table. */
export type StoredSecurityGroup = Omit<SecurityGroup, 'security_group_rules'>;

/** Neutron's tables: one document table per resource, plus IPAM, segments, L3 scheduling and quotas. */
export class NetworkStore {
  readonly networks: DocTable<Network>;
  readonly subnets: DocTable<Subnet>;
  readonly ports: DocTable<Port>;
  readonly routers: DocTable<Router>;
  readonly floatingIps: DocTable<FloatingIp>;
  readonly securityGroups: DocTable<StoredSecurityGroup>;
  readonly rules: DocTable<SecurityGroupRule>;
  readonly agents: DocTable<Agent>;

  constructor(readonly db: LabDatabase) {
    db.migrate('network', networkMigrations);
    const raw = db.raw;
    this.networks = new DocTable(raw, 'neutron_network', { project_id: (d) => d.project_id, name: (d) => d.name });
    this.subnets = new DocTable(raw, 'neutron_subnet', { project_id: (d) => d.project_id, network_id: (d) => d.network_id });
    this.ports = new DocTable(raw, 'neutron_port', {
      project_id: (d) => d.project_id, network_id: (d) => d.network_id, device_id: (d) => d.device_id, device_owner: (d) => d.device_owner, mac_address: (d) => d.mac_address,
    });
    this.routers = new DocTable(raw, 'neutron_router', { project_id: (d) => d.project_id });
    this.floatingIps = new DocTable(raw, 'neutron_floatingip', {
      project_id: (d) => d.project_id, floating_network_id: (d) => d.floating_network_id, port_id: (d) => d.port_id, router_id: (d) => d.router_id,
    });
    this.securityGroups = new DocTable(raw, 'neutron_security_group', { project_id: (d) => d.project_id, name: (d) => d.name });
    this.rules = new DocTable(raw, 'neutron_security_group_rule', { project_id: (d) => d.project_id, security_group_id: (d) => d.security_group_id });
    this.agents = new DocTable(raw, 'neutron_agent', { project_id: () => null, agent_type: (d) => d.agent_type, host: (d) => d.host });
  }

  // --- IPAM ----------------------------------------------------------------------------------------
  allocatedIps(subnetId: string): Set<string> {
    return new Set((this.db.raw.prepare('SELECT ip_address FROM neutron_ip_allocation WHERE subnet_id = ?').all(subnetId) as { ip_address: string }[]).map((r) => r.ip_address));
  }
  isAllocated(subnetId: string, ip: string): boolean {
    return !!this.db.raw.prepare('SELECT 1 FROM neutron_ip_allocation WHERE subnet_id = ? AND ip_address = ?').get(subnetId, ip);
  }
  allocateIp(subnetId: string, ip: string, portId: string, networkId: string): void {
    this.db.raw.prepare('INSERT INTO neutron_ip_allocation (subnet_id, ip_address, port_id, network_id) VALUES (?, ?, ?, ?)').run(subnetId, ip, portId, networkId);
  }
  releaseIpsOfPort(portId: string): void {
    this.db.raw.prepare('DELETE FROM neutron_ip_allocation WHERE port_id = ?').run(portId);
  }
  releaseIp(subnetId: string, ip: string): void {
    this.db.raw.prepare('DELETE FROM neutron_ip_allocation WHERE subnet_id = ? AND ip_address = ?').run(subnetId, ip);
  }
  countAllocated(subnetId: string): number {
    return (this.db.raw.prepare('SELECT COUNT(*) AS n FROM neutron_ip_allocation WHERE subnet_id = ?').get(subnetId) as { n: number }).n;
  }

  // --- segments ------------------------------------------------------------------------------------
  segmentIdsInUse(type: string, physnet: string): Set<number> {
    return new Set(
      (this.db.raw.prepare('SELECT segmentation_id FROM neutron_segment_allocation WHERE network_type = ? AND physical_network = ?').all(type, physnet) as { segmentation_id: number }[]).map(
        (r) => r.segmentation_id,
      ),
    );
  }
  allocateSegment(type: string, physnet: string, id: number, networkId: string): void {
    this.db.raw.prepare('INSERT INTO neutron_segment_allocation (network_type, physical_network, segmentation_id, network_id) VALUES (?, ?, ?, ?)').run(type, physnet, id, networkId);
  }
  releaseSegments(networkId: string): void {
    this.db.raw.prepare('DELETE FROM neutron_segment_allocation WHERE network_id = ?').run(networkId);
  }

  // --- L3 agent scheduling ---------------------------------------------------------------------------
  routerAgent(routerId: string): string | undefined {
    return (this.db.raw.prepare('SELECT agent_id FROM neutron_router_l3_agent WHERE router_id = ?').get(routerId) as { agent_id: string } | undefined)?.agent_id;
  }
  routerAgents(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.db.raw.prepare('SELECT router_id, agent_id FROM neutron_router_l3_agent').all() as { router_id: string; agent_id: string }[]) out[r.router_id] = r.agent_id;
    return out;
  }
  setRouterAgent(routerId: string, agentId: string | null): void {
    if (agentId === null) this.db.raw.prepare('DELETE FROM neutron_router_l3_agent WHERE router_id = ?').run(routerId);
    else this.db.raw.prepare('INSERT INTO neutron_router_l3_agent (router_id, agent_id) VALUES (?, ?) ON CONFLICT(router_id) DO UPDATE SET agent_id = excluded.agent_id').run(routerId, agentId);
  }

  // --- quotas ------------------------------------------------------------------------------------------
  quotaOverrides(projectId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.db.raw.prepare('SELECT resource, hard_limit FROM neutron_quota WHERE project_id = ?').all(projectId) as { resource: string; hard_limit: number }[]) out[r.resource] = r.hard_limit;
    return out;
  }
  setQuota(projectId: string, resource: string, limit: number): void {
    this.db.raw.prepare('INSERT INTO neutron_quota (project_id, resource, hard_limit) VALUES (?, ?, ?) ON CONFLICT(project_id, resource) DO UPDATE SET hard_limit = excluded.hard_limit').run(projectId, resource, limit);
  }
  quotaProjects(): string[] {
    return (this.db.raw.prepare('SELECT DISTINCT project_id FROM neutron_quota ORDER BY project_id').all() as { project_id: string }[]).map((r) => r.project_id);
  }
  clearQuotas(projectId: string): void {
    this.db.raw.prepare('DELETE FROM neutron_quota WHERE project_id = ?').run(projectId);
  }
}
