import { type Clock, isoSeconds } from '../../core/clock';
import { BadRequest, Conflict, NotFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import type { VolumeStore } from '../store/volume-store';
import { DEFAULT_CGSNAPSHOT_TYPE_NAME, type GroupType } from '../types';

/** Cinder's parameter_types.boolean: a JSON boolean or one of oslo's boolean words. */
const TRUE_WORDS = ['true', '1', 't', 'y', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'f', 'n', 'no', 'off'];

/** Cinder's jsonschema failure as its validator words it (ValidationError, 400). */
export function invalidField(field: string, value: unknown, reason: string): BadRequest {
  return new BadRequest(`Invalid input for field/attribute ${field}. Value: ${String(value)}. ${reason}`);
}

/** A boolean field (`is_public`), or the 400 Cinder's schema gives for anything else. */
export function booleanField(field: string, v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (TRUE_WORDS.includes(v.toLowerCase())) return true;
    if (FALSE_WORDS.includes(v.toLowerCase())) return false;
  }
  throw invalidField(field, v, `${JSON.stringify(v)} is not a valid boolean`);
}

/** A name field: a string of 1 to 255 characters (Cinder's parameter_types.name). */
export function nameField(field: string, v: unknown): string {
  if (typeof v !== 'string') throw invalidField(field, v, `${JSON.stringify(v)} is not of type 'string'`);
  const name = v.trim();
  if (!name) throw invalidField(field, v, `'${v}' is too short`);
  if (name.length > 255) throw invalidField(field, v, `'${v}' is too long`);
  return name;
}

/** An optional description: null or a string of up to 255 characters. */
export function descriptionField(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidField('description', v, `${JSON.stringify(v)} is not of type 'string', 'null'`);
  if (v.length > 255) throw invalidField('description', v, `'${v}' is too long`);
  return v.trim();
}

/** A key/value spec map (group specs, QoS specs): keys 1-255 characters, values strings (numbers and booleans as text). */
export function specMap(field: string, specs: unknown): Record<string, string> {
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs)) throw invalidField(field, specs, `${JSON.stringify(specs)} is not of type 'object'`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(specs as Record<string, unknown>)) {
    if (!k || k.length > 255) throw invalidField(field, k, `'${k}' does not match any of the regexes: '^[a-zA-Z0-9-_:. /]{1,255}$'`);
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw invalidField(k, v, `${JSON.stringify(v)} is not of type 'string'`);
    const s = String(v);
    if (s.length > 255) throw invalidField(k, v, `'${s}' is too long`);
    out[k] = s;
  }
  return out;
}

/** Group types and their group specs, as Cinder's group_types module keeps them. */
export class GroupTypes {
  constructor(
    private readonly store: VolumeStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {
    // Cinder's db sync creates it, for consistency groups migrated to groups
    if (!store.groupTypes.where({ name: DEFAULT_CGSNAPSHOT_TYPE_NAME }).length) {
      const t: GroupType = {
        id: uuid(),
        name: DEFAULT_CGSNAPSHOT_TYPE_NAME,
        description: 'Default group type for migrating cgsnapshot',
        is_public: true,
        group_specs: { consistent_group_snapshot_enabled: '<is> True' },
        created_at: this.now(),
        updated_at: null,
      };
      store.groupTypes.insert(t);
    }
  }

  private now(): string {
    return isoSeconds(this.clock.now());
  }

  /** True for the reserved type that group APIs refuse. */
  isDefaultCgsnapshotType(id: string): boolean {
    return this.store.groupTypes.get(id)?.name === DEFAULT_CGSNAPSHOT_TYPE_NAME;
  }

  /** Every type (an admin), or the public ones. */
  list(includePrivate: boolean): GroupType[] {
    return this.store.groupTypes.all().filter((t) => includePrivate || t.is_public);
  }

  /** By id (GroupTypeNotFound). */
  get(id: string): GroupType {
    const t = this.store.groupTypes.get(id);
    if (!t) throw new NotFound(`Group type ${id} could not be found.`);
    return t;
  }

  /** By id, or by name as group create takes it (GroupTypeNotFoundByName for a name). */
  byNameOrId(idOrName: string): GroupType {
    const t = this.store.groupTypes.get(idOrName) ?? this.store.groupTypes.where({ name: idOrName })[0];
    if (t) return t;
    if (UUID_RE.test(idOrName)) throw new NotFound(`Group type ${idOrName} could not be found.`);
    throw new NotFound(`Group type with name ${idOrName} could not be found.`);
  }

  create(body: Record<string, unknown>): GroupType {
    checkKeys(body, ['name', 'description', 'is_public', 'group_specs']);
    if (body.name === undefined) throw new BadRequest("'name' is a required property");
    const name = nameField('name', body.name);
    const description = descriptionField(body.description);
    const isPublic = body.is_public === undefined || body.is_public === null ? true : booleanField('is_public', body.is_public);
    const specs = body.group_specs === undefined ? {} : specMap('group_specs', body.group_specs);
    return this.store.db.tx(() => {
      if (this.store.groupTypes.where({ name }).length) throw new Conflict(`Group Type ${name} already exists.`);
      const t: GroupType = { id: uuid(), name, description, is_public: isPublic, group_specs: specs, created_at: this.now(), updated_at: null };
      this.store.groupTypes.insert(t);
      this.events.publish('volume.group_type.created', t.id, { name });
      return t;
    });
  }

  update(id: string, body: Record<string, unknown>): GroupType {
    checkKeys(body, ['name', 'description', 'is_public']);
    const name = body.name === undefined || body.name === null ? undefined : nameField('name', body.name);
    const description = body.description === undefined || body.description === null ? undefined : descriptionField(body.description);
    const isPublic = body.is_public === undefined || body.is_public === null ? undefined : booleanField('is_public', body.is_public);
    if (name === undefined && description === undefined && isPublic === undefined) {
      throw new BadRequest('Specify group type name, description or a combination thereof.');
    }
    return this.store.db.tx(() => {
      const t = this.get(id);
      if (name !== undefined) {
        const other = this.store.groupTypes.where({ name })[0];
        if (other && other.id !== t.id) throw new Conflict(`Group Type ${name} already exists.`);
        t.name = name;
      }
      if (description !== undefined) t.description = description;
      if (isPublic !== undefined) t.is_public = isPublic;
      t.updated_at = this.now();
      this.store.groupTypes.put(t);
      this.events.publish('volume.group_type.updated', t.id, { name: t.name });
      return t;
    });
  }

  delete(id: string): void {
    this.store.db.tx(() => {
      const t = this.get(id);
      if (this.store.groups.count({ group_type_id: t.id }) > 0) {
        throw new BadRequest(`Group Type ${t.id} deletion is not allowed with groups present with the type.`);
      }
      this.store.groupTypes.delete(t.id);
      this.events.publish('volume.group_type.deleted', t.id, { name: t.name });
    });
  }

  /** POST group_specs: adds or replaces the given keys. */
  setSpecs(id: string, specs: unknown): Record<string, string> {
    const checked = specMap('group_specs', specs);
    return this.store.db.tx(() => {
      const t = this.get(id);
      Object.assign(t.group_specs, checked);
      t.updated_at = this.now();
      this.store.groupTypes.put(t);
      this.events.publish('volume.group_type.updated', t.id, { name: t.name });
      return checked;
    });
  }

  spec(id: string, key: string): string {
    const t = this.get(id);
    if (!(key in t.group_specs)) throw new NotFound(`Group Type ${t.id} has no specs with key ${key}.`);
    return t.group_specs[key];
  }

  deleteSpec(id: string, key: string): void {
    this.store.db.tx(() => {
      const t = this.get(id);
      if (!(key in t.group_specs)) throw new NotFound(`Group Type ${t.id} has no specs with key ${key}.`);
      delete t.group_specs[key];
      t.updated_at = this.now();
      this.store.groupTypes.put(t);
      this.events.publish('volume.group_type.updated', t.id, { name: t.name });
    });
  }
}

export const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** `additionalProperties: false` as Cinder's schemas say it. */
export function checkKeys(body: Record<string, unknown>, allowed: string[]): void {
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length) throw new BadRequest(`Additional properties are not allowed (${extra.map((k) => `'${k}'`).join(', ')} ${extra.length > 1 ? 'were' : 'was'} unexpected)`);
}
