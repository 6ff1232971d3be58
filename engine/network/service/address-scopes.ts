import { uuid } from '../../core/ids';
import { addressScopeInUse, addressScopeNotFound, addressScopeUpdateError } from '../faults';
import type { SubnetPoolStore } from '../store/subnetpool-store';
import type { AddressScope } from '../types';
import { type Caller, type NetworkCore, visible } from './core';

export type AddressScopeInput = Partial<AddressScope>;

/**
 * Address scopes (neutron/db/address_scope_db.py): a name, an IP version and a shared flag.
 * Subnet pools join one; a network's ipv4/ipv6_address_scope is the scope of its subnets' pools.
 */
export class AddressScopeManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly store: SubnetPoolStore,
  ) {}

  find(id: string): AddressScope | undefined {
    return this.store.addressScopes.get(id);
  }

  canSee(caller: Caller, s: AddressScope): boolean {
    return caller.isAdmin || s.project_id === caller.projectId || s.shared;
  }

  /** A scope the caller may see (own, shared, or any for an admin), else AddressScopeNotFound. */
  get(caller: Caller, id: string): AddressScope {
    const s = this.find(id);
    if (!s || !this.canSee(caller, s)) throw addressScopeNotFound(id);
    return s;
  }

  list(caller: Caller): AddressScope[] {
    return visible(caller, this.store.addressScopes.all(), (s) => s.shared);
  }

  create(caller: Caller, input: AddressScopeInput): AddressScope {
    return this.core.write('address_scope.created', () => {
      const project = input.project_id ?? input.tenant_id ?? caller.projectId;
      const s: AddressScope = {
        id: uuid(),
        name: input.name ?? '',
        tenant_id: project,
        project_id: project,
        shared: input.shared ?? false,
        ip_version: input.ip_version as 4 | 6,
      };
      this.store.addressScopes.insert(s);
      return s;
    }, (s) => s.id);
  }

  update(caller: Caller, id: string, patch: AddressScopeInput): AddressScope {
    return this.core.write('address_scope.updated', () => {
      const s = this.get(caller, id);
      if (s.shared && patch.shared === false) throw addressScopeUpdateError(id, "Shared address scope can't be unshared");
      const next: AddressScope = { ...s, ...(patch.name !== undefined ? { name: patch.name } : {}), ...(patch.shared !== undefined ? { shared: patch.shared } : {}) };
      this.store.addressScopes.put(next);
      return next;
    }, () => id);
  }

  /** Refused (409 AddressScopeInUse) while a subnet pool belongs to the scope. */
  delete(caller: Caller, id: string): void {
    this.core.write('address_scope.deleted', () => {
      if (this.store.subnetPools.count({ address_scope_id: id }) > 0) throw addressScopeInUse(id);
      this.get(caller, id);
      this.store.addressScopes.delete(id);
    }, () => id);
  }
}
