import { docTableSql } from '../../core/doc-table';
import type { Migration } from '../../core/db';

/** Neutron's document tables all carry the owning project. */
const doc = (name: string, extra = ''): string => docTableSql(name, `, project_id TEXT${extra}`);

/** Neutron's tables. Append new migrations; never edit one that has shipped. */
export const networkMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
${doc('neutron_network', ', name TEXT')}
${doc('neutron_subnet', ', network_id TEXT NOT NULL')}
CREATE INDEX neutron_subnet_net ON neutron_subnet (network_id);
${doc('neutron_port', ', network_id TEXT NOT NULL, device_id TEXT, device_owner TEXT, mac_address TEXT NOT NULL')}
CREATE INDEX neutron_port_net ON neutron_port (network_id);
CREATE INDEX neutron_port_device ON neutron_port (device_id);
CREATE UNIQUE INDEX neutron_port_mac ON neutron_port (network_id, mac_address);
${doc('neutron_router')}
${doc('neutron_floatingip', ', floating_network_id TEXT NOT NULL, port_id TEXT, router_id TEXT')}
${doc('neutron_security_group', ', name TEXT')}
${doc('neutron_security_group_rule', ', security_group_id TEXT NOT NULL')}
CREATE INDEX neutron_sgr_group ON neutron_security_group_rule (security_group_id);
${doc('neutron_agent', ', agent_type TEXT NOT NULL, host TEXT NOT NULL')}
CREATE UNIQUE INDEX neutron_agent_type_host ON neutron_agent (agent_type, host);
-- IPAM: one row per address handed out; the primary key makes a double allocation impossible
CREATE TABLE neutron_ip_allocation (
  subnet_id TEXT NOT NULL, ip_address TEXT NOT NULL, port_id TEXT NOT NULL, network_id TEXT NOT NULL,
  PRIMARY KEY (subnet_id, ip_address));
CREATE INDEX neutron_ip_allocation_port ON neutron_ip_allocation (port_id);
-- segmentation ids (vlan/vxlan/gre) in use per network type
CREATE TABLE neutron_segment_allocation (
  network_type TEXT NOT NULL, physical_network TEXT NOT NULL DEFAULT '', segmentation_id INTEGER NOT NULL, network_id TEXT NOT NULL,
  PRIMARY KEY (network_type, physical_network, segmentation_id));
CREATE TABLE neutron_router_l3_agent (router_id TEXT PRIMARY KEY, agent_id TEXT NOT NULL);
CREATE TABLE neutron_quota (project_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL, PRIMARY KEY (project_id, resource));
`,
  },
];
