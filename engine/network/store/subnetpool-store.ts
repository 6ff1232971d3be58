import type { LabDatabase, Migration } from '../../core/db';
import { DocTable, docTableSql } from '../../core/doc-table';
import type { AddressScope, SubnetPool } from '../types';

/** Neutron's document tables all carry the owning project. */
const doc = (name: string, extra = ''): string => docTableSql(name, `, project_id TEXT${extra}`);

/** Address scopes and subnet pools: their own migration chain (service `network.subnetpools`). Append; never edit one that shipped. */
export const subnetPoolMigrations: Migration[] = [
  {
    id: '0001_initial',
    up: `
${doc('neutron_address_scope')}
${doc('neutron_subnetpool', ', address_scope_id TEXT')}
CREATE INDEX neutron_subnetpool_scope ON neutron_subnetpool (address_scope_id);
`,
  },
];

/** The tables behind /v2.0/address-scopes and /v2.0/subnetpools. */
export class SubnetPoolStore {
  readonly addressScopes: DocTable<AddressScope>;
  readonly subnetPools: DocTable<SubnetPool>;

  constructor(readonly db: LabDatabase) {
    db.migrate('network.subnetpools', subnetPoolMigrations);
    this.addressScopes = new DocTable(db.raw, 'neutron_address_scope', { project_id: (d) => d.project_id });
    this.subnetPools = new DocTable(db.raw, 'neutron_subnetpool', { project_id: (d) => d.project_id, address_scope_id: (d) => d.address_scope_id });
  }
}
