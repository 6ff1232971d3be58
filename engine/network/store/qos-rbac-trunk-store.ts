import type { LabDatabase, Migration } from '../../core/db';
import { DocTable, docTableSql } from '../../core/doc-table';
import type { QosBandwidthLimitRule, QosPolicy, RbacPolicy, Trunk, TrunkSubPort } from '../types';

/** Neutron's document tables all carry the owning project. */
const doc = (name: string, extra = ''): string => docTableSql(name, `, project_id TEXT${extra}`);

/** Tables of the qos, rbac-policies and trunk extensions. Append new migrations; never edit one that has shipped. */
export const qosRbacTrunkMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
${doc('neutron_qos_policy', ', name TEXT')}
${doc('neutron_qos_bw_limit_rule', ', qos_policy_id TEXT NOT NULL, direction TEXT NOT NULL')}
CREATE INDEX neutron_qos_bw_limit_rule_policy ON neutron_qos_bw_limit_rule (qos_policy_id);
${doc('neutron_rbac', ', object_type TEXT NOT NULL, object_id TEXT NOT NULL, action TEXT NOT NULL, target_tenant TEXT NOT NULL')}
CREATE UNIQUE INDEX neutron_rbac_unique ON neutron_rbac (object_type, object_id, action, target_tenant);
${doc('neutron_trunk', ', port_id TEXT NOT NULL')}
CREATE UNIQUE INDEX neutron_trunk_port ON neutron_trunk (port_id);
-- a port is a subport of one trunk at most; a (type, id) pair once per trunk
CREATE TABLE neutron_trunk_subport (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, port_id TEXT NOT NULL UNIQUE, trunk_id TEXT NOT NULL,
  segmentation_type TEXT NOT NULL, segmentation_id INTEGER NOT NULL,
  UNIQUE (trunk_id, segmentation_type, segmentation_id));
`,
  },
];

/** A QoS policy as stored: its rules live in their own table. */
export type StoredQosPolicy = Omit<QosPolicy, 'rules'>;
/** A trunk as stored: its subports live in their own table. */
export type StoredTrunk = Omit<Trunk, 'sub_ports'>;

export class QosRbacTrunkStore {
  readonly qosPolicies: DocTable<StoredQosPolicy>;
  readonly bwLimitRules: DocTable<QosBandwidthLimitRule & { project_id: string }>;
  readonly rbac: DocTable<RbacPolicy>;
  readonly trunks: DocTable<StoredTrunk>;

  constructor(readonly db: LabDatabase) {
    db.migrate('network.qos-rbac-trunks', qosRbacTrunkMigrations);
    const raw = db.raw;
    this.qosPolicies = new DocTable(raw, 'neutron_qos_policy', { project_id: (d) => d.project_id, name: (d) => d.name });
    this.bwLimitRules = new DocTable(raw, 'neutron_qos_bw_limit_rule', { project_id: (d) => d.project_id, qos_policy_id: (d) => d.qos_policy_id, direction: (d) => d.direction });
    this.rbac = new DocTable(raw, 'neutron_rbac', {
      project_id: (d) => d.project_id, object_type: (d) => d.object_type, object_id: (d) => d.object_id, action: (d) => d.action, target_tenant: (d) => d.target_tenant,
    });
    this.trunks = new DocTable(raw, 'neutron_trunk', { project_id: (d) => d.project_id, port_id: (d) => d.port_id });
  }

  subports(trunkId: string): TrunkSubPort[] {
    return this.db.raw
      .prepare('SELECT port_id, segmentation_type, segmentation_id FROM neutron_trunk_subport WHERE trunk_id = ? ORDER BY seq')
      .all(trunkId) as TrunkSubPort[];
  }
  /** The trunk a port is a subport of. */
  trunkOfSubport(portId: string): string | undefined {
    return (this.db.raw.prepare('SELECT trunk_id FROM neutron_trunk_subport WHERE port_id = ?').get(portId) as { trunk_id: string } | undefined)?.trunk_id;
  }
  segmentationInUse(trunkId: string, type: string, id: number): boolean {
    return !!this.db.raw.prepare('SELECT 1 FROM neutron_trunk_subport WHERE trunk_id = ? AND segmentation_type = ? AND segmentation_id = ?').get(trunkId, type, id);
  }
  addSubport(trunkId: string, s: TrunkSubPort): void {
    this.db.raw.prepare('INSERT INTO neutron_trunk_subport (port_id, trunk_id, segmentation_type, segmentation_id) VALUES (?, ?, ?, ?)').run(s.port_id, trunkId, s.segmentation_type, s.segmentation_id);
  }
  removeSubport(trunkId: string, portId: string): void {
    this.db.raw.prepare('DELETE FROM neutron_trunk_subport WHERE trunk_id = ? AND port_id = ?').run(trunkId, portId);
  }
  removeSubports(trunkId: string): void {
    this.db.raw.prepare('DELETE FROM neutron_trunk_subport WHERE trunk_id = ?').run(trunkId);
  }
}
