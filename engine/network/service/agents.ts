import { uuid } from '../../core/ids';
import type { Agent, AgentType, Router } from '../types';
import { type Caller, fault, type NetworkCore, notFound } from './core';

/** Neutron's agent_down_time: an agent whose last heartbeat is older is shown dead (XXX). */
export const AGENT_DOWN_TIME_S = 75;

const KINDS: { type: AgentType; binary: string; topic: string; az: string | null; configurations: Record<string, unknown> }[] = [
  { type: 'Open vSwitch agent', binary: 'neutron-openvswitch-agent', topic: 'N/A', az: null, configurations: { bridge_mappings: { extnet: 'br-ex' }, tunnel_types: ['vxlan'], integration_bridge: 'br-int', tunneling_ip: '10.0.2.15' } },
  { type: 'DHCP agent', binary: 'neutron-dhcp-agent', topic: 'dhcp_agent', az: 'nova', configurations: { dhcp_driver: 'neutron.agent.linux.dhcp.Dnsmasq' } },
  { type: 'L3 agent', binary: 'neutron-l3-agent', topic: 'l3_agent', az: 'nova', configurations: { agent_mode: 'legacy' } },
  { type: 'Metadata agent', binary: 'neutron-metadata-agent', topic: 'N/A', az: null, configurations: {} },
  { type: 'Metering agent', binary: 'neutron-metering-agent', topic: 'metering_agent', az: null, configurations: {} },
];

/** The agents of the all-in-one host: registered per (type, host), alive while they heartbeat. */
export class AgentManager {
  /** [DEFAULT] agent_down_time of neutron.conf, read when neutron-server starts. */
  downTimeS = AGENT_DOWN_TIME_S;

  constructor(private readonly core: NetworkCore) {}

  /** Registers (or refreshes) the five agents of `host`, as starting the neutron services does. */
  registerHost(host: string, binaries?: string[]): void {
    this.core.write('agent.registered', () => {
      const now = this.core.now();
      for (const k of KINDS) {
        if (binaries && !binaries.includes(k.binary)) continue;
        const existing = this.core.store.agents.where({ agent_type: k.type, host })[0];
        if (existing) this.core.store.agents.put({ ...existing, heartbeat_timestamp: now, started_at: now, alive: true });
        else
          this.core.store.agents.insert({
            id: uuid(), agent_type: k.type, binary: k.binary, host, topic: k.topic, alive: true, admin_state_up: true, availability_zone: k.az,
            configurations: k.configurations, created_at: now, started_at: now, heartbeat_timestamp: now, description: null, resources_synced: null,
          });
      }
    });
  }

  /** Agents of running services report in; not an API change, so no event is published. */
  heartbeat(host: string, binaries: string[]): void {
    const now = this.core.now();
    this.core.store.db.tx(() => {
      for (const a of this.core.store.agents.where({ host })) if (binaries.includes(a.binary)) this.core.store.agents.put({ ...a, heartbeat_timestamp: now });
    });
  }

  private withAlive(a: Agent): Agent {
    const age = (this.core.clock.now().getTime() - Date.parse(a.heartbeat_timestamp.endsWith('Z') ? a.heartbeat_timestamp : a.heartbeat_timestamp + 'Z')) / 1000;
    return { ...a, alive: age <= this.downTimeS };
  }

  list(): Agent[] {
    return this.core.store.agents.all().map((a) => this.withAlive(a));
  }

  get(id: string): Agent {
    const a = this.core.store.agents.get(id);
    if (!a) throw notFound('AgentNotFound', 'Agent', id);
    return this.withAlive(a);
  }

  update(id: string, patch: { admin_state_up?: boolean; description?: string | null }): Agent {
    return this.core.write('agent.updated', () => {
      const a = this.get(id);
      const next = { ...a, ...(patch.admin_state_up !== undefined ? { admin_state_up: patch.admin_state_up } : {}), ...(patch.description !== undefined ? { description: patch.description } : {}) };
      this.core.store.agents.put(next);
      return next;
    }, () => id);
  }

  delete(id: string): void {
    this.core.write('agent.deleted', () => {
      this.get(id);
      this.core.store.agents.delete(id);
      for (const [router, agent] of Object.entries(this.core.store.routerAgents())) if (agent === id) this.core.store.setRouterAgent(router, null);
    }, () => id);
  }

  /** Puts a new router on a live, enabled L3 agent (the least loaded), inside the caller's transaction. */
  scheduleRouter(routerId: string): void {
    const load = new Map<string, number>();
    for (const agent of Object.values(this.core.store.routerAgents())) load.set(agent, (load.get(agent) ?? 0) + 1);
    const candidates = this.list()
      .filter((a) => a.agent_type === 'L3 agent' && a.alive && a.admin_state_up)
      .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0));
    if (candidates[0]) this.host(routerId, candidates[0]);
  }

  /**
   * router_auto_schedule: an L3 agent that reports in takes the routers no agent hosts (one whose
   * agent was deleted, one made while no L3 agent was alive). Returns the routers it took.
   */
  autoSchedule(host: string): string[] {
    const agent = this.list().find((a) => a.agent_type === 'L3 agent' && a.host === host && a.alive && a.admin_state_up);
    if (!agent) return [];
    const hosted = this.core.store.routerAgents();
    const orphans = this.core.store.routers.all().filter((r) => !hosted[r.id]).map((r) => r.id);
    if (!orphans.length) return [];
    this.core.write('agent.router_added', () => {
      for (const id of orphans) this.host(id, agent);
    }, () => orphans[0]);
    return orphans;
  }

  /** Puts a router on an agent; its interface and gateway ports are bound to the agent's host, as the L3 agent's sync does. */
  private host(routerId: string, agent: Agent): void {
    this.core.store.setRouterAgent(routerId, agent.id);
    for (const p of this.core.store.ports.all())
      if (p.device_id === routerId && p.device_owner.startsWith('network:router_') && p['binding:host_id'] !== agent.host)
        this.core.store.ports.put({ ...p, 'binding:host_id': agent.host });
  }

  routersOn(agentId: string): Router[] {
    this.l3(agentId);
    return Object.entries(this.core.store.routerAgents())
      .filter(([, a]) => a === agentId)
      .map(([r]) => this.core.store.routers.get(r))
      .filter((r): r is Router => !!r);
  }

  agentsFor(routerId: string): Agent[] {
    const id = this.core.store.routerAgent(routerId);
    return id && this.core.store.agents.get(id) ? [this.get(id)] : [];
  }

  addRouter(caller: Caller, agentId: string, routerId: string): void {
    this.core.write('agent.router_added', () => {
      this.l3(agentId);
      if (!this.core.store.routers.get(routerId)) throw notFound('RouterNotFound', 'Router', routerId);
      const current = this.core.store.routerAgent(routerId);
      if (current && current !== agentId)
        throw fault('Conflict', 'RouterHostedByL3Agent', `The router ${routerId} has been already hosted by the L3 Agent ${current}.`);
      this.host(routerId, this.get(agentId));
      void caller;
    }, () => routerId);
  }

  removeRouter(agentId: string, routerId: string): void {
    this.core.write('agent.router_removed', () => {
      this.l3(agentId);
      if (this.core.store.routerAgent(routerId) !== agentId)
        throw fault('NotFound', 'RouterNotHostedByL3Agent', `The router ${routerId} is not hosted by L3 agent ${agentId}.`);
      this.core.store.setRouterAgent(routerId, null);
    }, () => routerId);
  }

  private l3(agentId: string): Agent {
    const a = this.get(agentId);
    if (a.agent_type !== 'L3 agent') throw fault('NotFound', 'AgentNotFoundByTypeHost', `Agent with agent_type=L3 agent and host=${a.host} could not be found`);
    return a;
  }
}
