import { uuid } from '../../core/ids';
import {
  duplicateSubPort,
  invalidAttribute,
  invalidInput,
  parentPortInUse,
  portInUse,
  portInUseAsSubPort,
  portInUseAsTrunkParent,
  portNotFound,
  subPortMtuGreaterThanTrunkPortMtu,
  subPortNotFound,
  trunkDisabled,
  trunkNotFound,
  trunkPortInUse,
} from '../faults';
import type { QosRbacTrunkStore, StoredTrunk } from '../store/qos-rbac-trunk-store';
import type { Port, Trunk, TrunkSubPort } from '../types';
import type { Caller, NetworkCore } from './core';

export interface TrunkInput {
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  port_id?: string;
  sub_ports?: unknown[];
  project_id?: string;
  tenant_id?: string;
}

/** Segmentation types and their id ranges (the OVS trunk driver supports vlan). */
const SEGMENTATION: Record<string, (id: number) => boolean> = { vlan: (id) => id >= 1 && id <= 4094 };

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Python's str() of a dict, as Neutron's messages print a subport: {'port_id': '…', 'segmentation_id': 100}. */
function pyDict(d: Record<string, unknown>): string {
  const v = (x: unknown): string => (typeof x === 'string' ? `'${x}'` : x === null ? 'None' : typeof x === 'boolean' ? (x ? 'True' : 'False') : String(x));
  return `{${Object.entries(d).map(([k, x]) => `'${k}': ${v(x)}`).join(', ')}}`;
}

/**
 * Trunks: a parent port carrying VLAN subports. A port is the parent of one trunk at most and a
 * subport of one trunk at most, never both; (segmentation_type, segmentation_id) is unique per
 * trunk; ports in a trunk cannot be deleted.
 */
export class TrunkManager {
  constructor(
    private readonly core: NetworkCore,
    private readonly store: QosRbacTrunkStore,
  ) {}

  private view(t: StoredTrunk): Trunk {
    return { ...t, sub_ports: this.store.subports(t.id) };
  }

  get(caller: Caller, id: string): Trunk {
    const t = this.store.trunks.get(id);
    if (!t || (!caller.isAdmin && t.project_id !== caller.projectId)) throw trunkNotFound(id);
    return this.view(t);
  }

  list(caller: Caller): Trunk[] {
    return (caller.isAdmin ? this.store.trunks.all() : this.store.trunks.where({ project_id: caller.projectId })).map((t) => this.view(t));
  }

  create(caller: Caller, input: TrunkInput): Trunk {
    return this.core.write('trunk.created', () => {
      const parentId = String(input.port_id ?? '');
      const subports = validateSubports(input.sub_ports ?? [], false, true);
      const parent = this.checkParent(caller, parentId);
      const id = uuid();
      for (const s of subports) this.checkSubport(caller, s, parent);
      const projectId = input.project_id ?? input.tenant_id ?? caller.projectId;
      const t: StoredTrunk = {
        ...this.core.stamp(),
        id,
        name: input.name ?? '',
        description: input.description ?? '',
        tenant_id: projectId,
        project_id: projectId,
        admin_state_up: input.admin_state_up ?? true,
        port_id: parent.id,
        status: this.statusFor(parent),
      };
      this.store.trunks.insert(t);
      for (const s of subports) this.store.addSubport(id, s);
      return this.view(t);
    }, (t) => t.id);
  }

  update(caller: Caller, id: string, patch: Pick<TrunkInput, 'name' | 'description' | 'admin_state_up'>): Trunk {
    return this.core.write('trunk.updated', () => {
      const t = this.stored(caller, id);
      const next = this.core.touch({
        ...t,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.admin_state_up !== undefined ? { admin_state_up: patch.admin_state_up } : {}),
      });
      this.store.trunks.put(next);
      return this.view(next);
    }, () => id);
  }

  delete(caller: Caller, id: string): void {
    this.core.write('trunk.deleted', () => {
      const t = this.stored(caller, id);
      if (!t.admin_state_up) throw trunkDisabled(id);
      this.store.removeSubports(id);
      this.store.trunks.delete(id);
    }, () => id);
  }

  /** PUT …/add_subports: every subport validated, then all added; answers the trunk. */
  addSubports(caller: Caller, id: string, subports: unknown): Trunk {
    return this.core.write('trunk.updated', () => {
      const t = this.stored(caller, id);
      const wanted = validateSubports(subports);
      const parent = this.core.store.ports.get(t.port_id);
      for (const s of wanted) this.checkSubport(caller, s, parent ?? ({ id: t.port_id } as Port));
      if (!t.admin_state_up) throw trunkDisabled(id);
      for (const s of wanted) {
        if (this.store.segmentationInUse(id, s.segmentation_type, s.segmentation_id)) throw duplicateSubPort(s.segmentation_type, s.segmentation_id, id);
        this.store.addSubport(id, s);
      }
      const next = this.core.touch({ ...t, status: 'DOWN' as const });
      this.store.trunks.put(next);
      return this.view(next);
    }, () => id);
  }

  /** PUT …/remove_subports: by port_id; a port that is not a subport of this trunk is SubPortNotFound. */
  removeSubports(caller: Caller, id: string, subports: unknown): Trunk {
    return this.core.write('trunk.updated', () => {
      const t = this.stored(caller, id);
      if (!t.admin_state_up) throw trunkDisabled(id);
      const wanted = validateSubports(subports, true);
      const current = new Set(this.store.subports(id).map((s) => s.port_id));
      for (const s of wanted) {
        if (!current.has(s.port_id)) throw subPortNotFound(id, s.port_id);
        current.delete(s.port_id);
        this.store.removeSubport(id, s.port_id);
      }
      const next = this.core.touch({ ...t, status: 'DOWN' as const });
      this.store.trunks.put(next);
      return this.view(next);
    }, () => id);
  }

  getSubports(caller: Caller, id: string): { sub_ports: TrunkSubPort[] } {
    return { sub_ports: this.get(caller, id).sub_ports };
  }

  /** Refuses to delete a port that is a trunk's parent or subport (enforce_port_deletion_rules). */
  beforePortDelete(portId: string): void {
    const sub = this.store.trunkOfSubport(portId);
    if (sub) throw portInUseAsSubPort(portId, sub);
    const parent = this.store.trunks.where({ port_id: portId })[0];
    if (parent) throw portInUseAsTrunkParent(portId, parent.id);
  }

  private stored(caller: Caller, id: string): StoredTrunk {
    const t = this.store.trunks.get(id);
    if (!t || (!caller.isAdmin && t.project_id !== caller.projectId)) throw trunkNotFound(id);
    return t;
  }

  private visiblePort(caller: Caller, id: string): Port {
    const p = this.core.store.ports.get(id);
    if (!p || (!caller.isAdmin && p.project_id !== caller.projectId)) throw portNotFound(id);
    return p;
  }

  /** TrunkPortValidator.validate(parent_port=True). */
  private checkParent(caller: Caller, portId: string): Port {
    if (this.store.trunkOfSubport(portId)) throw trunkPortInUse(portId);
    if (this.store.trunks.count({ port_id: portId }) > 0) throw parentPortInUse(portId);
    return this.visiblePort(caller, portId);
  }

  /** SubPortsValidator._validate: not the parent, MTU within the parent's, a known segmentation, unused elsewhere. */
  private checkSubport(caller: Caller, s: TrunkSubPort, parent: Port): void {
    if (s.port_id === parent.id) throw parentPortInUse(s.port_id);
    const nets = this.core.store.networks;
    const port = this.core.store.ports.get(s.port_id);
    const trunkMtu = parent.network_id ? nets.get(parent.network_id)?.mtu : undefined;
    const subMtu = port ? nets.get(port.network_id)?.mtu : undefined;
    if (trunkMtu && subMtu && subMtu > trunkMtu) throw subPortMtuGreaterThanTrunkPortMtu({ portId: s.port_id, portMtu: subMtu, trunkId: parent.id, trunkMtu });
    const ok = SEGMENTATION[s.segmentation_type];
    if (!ok) throw invalidInput(`Unknown segmentation_type '${s.segmentation_type}'`);
    if (!ok(s.segmentation_id)) throw invalidInput(`Segmentation ID '${s.segmentation_id}' is not in range`);
    if (this.store.trunkOfSubport(s.port_id)) throw trunkPortInUse(s.port_id);
    if (this.store.trunks.count({ port_id: s.port_id }) > 0) throw parentPortInUse(s.port_id);
    const p = this.visiblePort(caller, s.port_id);
    if (p.device_id) throw portInUse(p.id, p.network_id, p.device_id);
  }

  /** A trunk whose parent is already up (bound and ACTIVE) is ACTIVE; otherwise DOWN until it is. */
  private statusFor(parent: Port): Trunk['status'] {
    return parent.status === 'ACTIVE' ? 'ACTIVE' : 'DOWN';
  }
}

/**
 * neutron-lib's validate_subports (a 400 naming sub_ports), then each entry's segmentation details
 * (InvalidInput). With `portsOnly` (remove_subports) only port ids matter.
 */
function validateSubports(data: unknown, portsOnly = false, api = false): TrunkSubPort[] {
  // the API's type:subports validator on POST /trunks; the plugin's own InvalidInput on add/remove_subports
  const bad = (why: string) => (api ? invalidAttribute('sub_ports', why) : invalidInput(why));
  if (!Array.isArray(data)) throw bad(`Invalid data format for subports: '${JSON.stringify(data)}' is not a list`);
  const ids = new Set<string>();
  const segs = new Map<string, Set<unknown>>();
  for (const s of data as unknown[]) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) throw bad(`Invalid data format for subport: '${JSON.stringify(s)}' is not a dict`);
    const d = s as Record<string, unknown>;
    if (!('port_id' in d)) throw bad('A valid port UUID must be specified');
    if (typeof d.port_id !== 'string' || !UUID_RE.test(d.port_id)) throw bad(`Invalid UUID for subport: '${String(d.port_id)}'`);
    if (ids.has(d.port_id)) throw bad(`Non unique UUID for subport: '${d.port_id}'`);
    ids.add(d.port_id);
    const type = d.segmentation_type;
    const segId = d.segmentation_id;
    if ((!type || segId === undefined || segId === null) && Object.keys(d).length > 1 && !portsOnly)
      throw bad(`Invalid subport details '${pyDict(d)}': missing segmentation information. Must specify both segmentation_id and segmentation_type`);
    const seen = segs.get(String(type)) ?? new Set();
    if (seen.has(segId)) throw bad(`Segmentation ID '${String(segId)}' for '${d.port_id}' is not unique`);
    if (segId !== undefined && segId !== null) segs.set(String(type), seen.add(segId));
  }
  if (portsOnly) return (data as Record<string, unknown>[]).map((d) => ({ port_id: d.port_id as string }) as TrunkSubPort);
  return (data as Record<string, unknown>[]).map((d) => {
    if (d.segmentation_type === undefined || d.segmentation_id === undefined)
      throw invalidInput(`Invalid subport details '${pyDict(d)}': missing segmentation information. Must specify both segmentation_id and segmentation_type`);
    const n = typeof d.segmentation_id === 'number' ? d.segmentation_id : typeof d.segmentation_id === 'string' && /^\s*-?\d+\s*$/.test(d.segmentation_id) ? Number(d.segmentation_id) : NaN;
    if (!Number.isInteger(n)) throw invalidInput(`Invalid subport details: segmentation_id '${String(d.segmentation_id)}' is not an integer`);
    return { port_id: d.port_id as string, segmentation_type: String(d.segmentation_type) as 'vlan', segmentation_id: n };
  });
}
