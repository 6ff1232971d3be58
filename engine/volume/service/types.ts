import { type Clock, isoSeconds } from '../../core/clock';
import { BadRequest, Conflict, NotFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import type { VolumeStore } from '../store/volume-store';
import { DEFAULT_TYPE_NAME, type VolumeType } from '../types';

/** Volume types and their extra specs, as Cinder's volume_types module keeps them. */
export class VolumeTypes {
  constructor(
    private readonly store: VolumeStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {
    if (!store.types.where({ name: DEFAULT_TYPE_NAME }).length) {
      this.insert(DEFAULT_TYPE_NAME, 'Default Volume Type', true);
    }
  }

  private insert(name: string, description: string | null, isPublic: boolean): VolumeType {
    const t: VolumeType = { id: uuid(), name, description, is_public: isPublic, extra_specs: {}, qos_specs_id: null, created_at: isoSeconds(this.clock.now()), updated_at: null };
    this.store.types.insert(t);
    this.events.publish('volume.type.created', t.id, { name });
    return t;
  }

  list(includePrivate: boolean): VolumeType[] {
    return this.store.types.all().filter((t) => includePrivate || t.is_public);
  }

  /** By id, or by name as Cinder's get_by_name_or_id. */
  get(idOrName: string): VolumeType {
    const t = this.store.types.get(idOrName) ?? this.store.types.where({ name: idOrName })[0];
    if (!t) throw new NotFound(`Volume type ${idOrName} could not be found.`);
    return t;
  }

  create(body: { name?: unknown; description?: unknown; is_public?: unknown; extra_specs?: unknown }): VolumeType {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw new BadRequest('Volume type name can not be empty.');
    if (name.length > 255) throw new BadRequest('Volume type name has a maximum length of 255.');
    if (body.description != null && typeof body.description !== 'string') throw new BadRequest('Invalid input for field/attribute description.');
    if (this.store.types.where({ name }).length) throw new Conflict(`Volume Type ${name} already exists.`);
    const specs = checkSpecs(body.extra_specs ?? {});
    const t = this.insert(name, (body.description as string | undefined) ?? null, body.is_public === undefined ? true : parseBool(body.is_public));
    if (Object.keys(specs).length) return this.setSpecs(t.id, specs);
    return t;
  }

  update(id: string, body: { name?: unknown; description?: unknown; is_public?: unknown }): VolumeType {
    const t = this.get(id);
    if (body.name === undefined && body.description === undefined && body.is_public === undefined) {
      throw new BadRequest('Specify volume type name, description, is_public or a combination thereof.');
    }
    if (t.name === DEFAULT_TYPE_NAME && body.name !== undefined) throw new BadRequest('The default volume type cannot be renamed.');
    if (body.name !== undefined) {
      const name = typeof body.name === 'string' ? body.name.trim() : '';
      if (!name) throw new BadRequest('Volume type name can not be empty.');
      const other = this.store.types.where({ name })[0];
      if (other && other.id !== t.id) throw new Conflict(`Volume Type ${name} already exists.`);
      t.name = name;
    }
    if (body.description !== undefined) t.description = body.description === null ? null : String(body.description);
    if (body.is_public !== undefined) t.is_public = parseBool(body.is_public);
    t.updated_at = isoSeconds(this.clock.now());
    this.store.types.put(t);
    this.events.publish('volume.type.updated', t.id, { name: t.name });
    return t;
  }

  delete(id: string): void {
    const t = this.get(id);
    if (t.name === DEFAULT_TYPE_NAME) throw new BadRequest('Default volume type can not be deleted.');
    // Cinder's VolumeTypeInUse (400): a type volumes still have stays
    if (this.store.volumes.all().some((v) => v.volume_type_id === t.id)) throw new BadRequest(`Target volume type is still in use. Volume Type ${t.id} deletion is not allowed with volumes present with the type.`);
    this.store.types.delete(t.id);
    this.events.publish('volume.type.deleted', t.id, { name: t.name });
  }

  setSpecs(id: string, specs: unknown): VolumeType {
    const t = this.get(id);
    Object.assign(t.extra_specs, checkSpecs(specs));
    t.updated_at = isoSeconds(this.clock.now());
    this.store.types.put(t);
    this.events.publish('volume.type.updated', t.id, { name: t.name });
    return t;
  }

  deleteSpec(id: string, key: string): void {
    const t = this.get(id);
    if (!(key in t.extra_specs)) throw new NotFound(`Volume Type ${t.id} has no extra specs with key ${key}.`);
    delete t.extra_specs[key];
    this.store.types.put(t);
  }
}

function parseBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  if (['true', '1', 't', 'y', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'f', 'n', 'no', 'off'].includes(s)) return false;
  throw new BadRequest(`Invalid value '${String(v)}', expected one of: 0, 1, f, false, n, no, off, on, t, true, y, yes`);
}

function checkSpecs(specs: unknown): Record<string, string> {
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs)) throw new BadRequest('Invalid input for field/attribute extra_specs.');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(specs)) {
    if (!k || k.length > 255) throw new BadRequest('Invalid input for field/attribute extra_specs.');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new BadRequest(`Invalid input for field/attribute ${k}.`);
    out[k] = String(v);
  }
  return out;
}
