import { type Clock, isoSeconds } from '../../core/clock';
import { BadRequest, Conflict, NotFound } from '../../core/errors';
import type { EventBus } from '../../core/events';
import { uuid } from '../../core/ids';
import type { VolumeStore } from '../store/volume-store';
import type { QosSpecs, VolumeType } from '../types';
import { nameField, specMap } from './group-types';

export const QOS_CONSUMERS = ['front-end', 'back-end', 'both'] as const;

/** One entity a QoS specs is associated with (Cinder lists only volume types). */
export interface QosAssociation {
  association_type: 'volume_type';
  name: string;
  id: string;
}

function consumerOf(v: unknown): QosSpecs['consumer'] {
  if (typeof v === 'string' && (QOS_CONSUMERS as readonly string[]).includes(v)) return v as QosSpecs['consumer'];
  throw new BadRequest(`Invalid qos specs: Valid consumer of QoS specs are: ['front-end', 'back-end', 'both']`);
}

/**
 * QoS specs (Cinder's qos_specs module): a consumer and key/value specs; a volume type points at one
 * through its qos_specs_id (associate / disassociate).
 */
export class QosSpecsManager {
  constructor(
    private readonly store: VolumeStore,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  private now(): string {
    return isoSeconds(this.clock.now());
  }

  list(): QosSpecs[] {
    return this.store.qosSpecs.all();
  }

  get(id: string): QosSpecs {
    const q = this.store.qosSpecs.get(id);
    if (!q) throw new NotFound(`No such QoS spec ${id}.`);
    return q;
  }

  /** POST /qos-specs: `name`, optional `consumer` (back-end by default), every other key a spec. */
  create(body: Record<string, unknown>): QosSpecs {
    if (body.name === undefined) throw new BadRequest("'name' is a required property");
    const name = nameField('name', body.name);
    const { name: _n, consumer: c, ...rest } = body;
    const consumer = c === undefined || c === null ? 'back-end' : consumerOf(c);
    const specs = specMap('qos_specs', rest);
    return this.store.db.tx(() => {
      if (this.store.qosSpecs.where({ name }).length) throw new Conflict(`QoS Specs ${name} already exists.`);
      const q: QosSpecs = { id: uuid(), name, consumer, specs, created_at: this.now(), updated_at: null };
      this.store.qosSpecs.insert(q);
      this.events.publish('volume.qos_specs.created', q.id, { name });
      return q;
    });
  }

  /** PUT /qos-specs/{id}: adds or replaces specs; `consumer` changes the consumer. */
  update(id: string, body: Record<string, unknown>): QosSpecs {
    const { consumer: c, ...rest } = body;
    const consumer = c === undefined ? undefined : consumerOf(c);
    const specs = specMap('qos_specs', rest);
    return this.store.db.tx(() => {
      const q = this.get(id);
      if (consumer) q.consumer = consumer;
      Object.assign(q.specs, specs);
      q.updated_at = this.now();
      this.store.qosSpecs.put(q);
      this.events.publish('volume.qos_specs.updated', q.id, { name: q.name });
      return q;
    });
  }

  /** PUT /qos-specs/{id}/delete_keys: every key must be there (QoSSpecsKeyNotFound), or nothing changes. */
  deleteKeys(id: string, keys: unknown): void {
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) throw new BadRequest('Missing required element \'keys\' in request body.');
    this.store.db.tx(() => {
      const q = this.get(id);
      for (const k of keys as string[]) if (!(k in q.specs)) throw new NotFound(`QoS spec ${id} has no spec with key ${k}.`);
      for (const k of keys as string[]) delete q.specs[k];
      q.updated_at = this.now();
      this.store.qosSpecs.put(q);
      this.events.publish('volume.qos_specs.updated', q.id, { name: q.name });
    });
  }

  private typesOf(id: string): VolumeType[] {
    return this.store.types.all().filter((t) => t.qos_specs_id === id);
  }

  associations(id: string): QosAssociation[] {
    this.get(id);
    return this.typesOf(id).map((t) => ({ association_type: 'volume_type', name: t.name, id: t.id }));
  }

  /** Sets the volume type's qos_specs_id; a type already tied to another QoS specs is refused. */
  associate(id: string, typeId: string | undefined): void {
    if (!typeId) throw new BadRequest('Volume Type id must not be None.');
    this.store.db.tx(() => {
      this.get(id);
      const t = this.store.types.get(typeId);
      if (!t) throw new NotFound(`Volume type ${typeId} could not be found.`);
      if (t.qos_specs_id && t.qos_specs_id !== id) {
        throw new BadRequest(`Invalid volume type: Type ${typeId} is already associated with another qos specs: ${t.qos_specs_id}`);
      }
      if (t.qos_specs_id === id) return;
      this.store.types.put({ ...t, qos_specs_id: id, updated_at: this.now() });
      this.events.publish('volume.type.updated', t.id, { name: t.name, qos_specs_id: id });
    });
  }

  disassociate(id: string, typeId: string | undefined): void {
    if (!typeId) throw new BadRequest('Volume Type id must not be None.');
    this.store.db.tx(() => {
      this.get(id);
      const t = this.store.types.get(typeId);
      if (!t) throw new NotFound(`Volume type ${typeId} could not be found.`);
      if (t.qos_specs_id !== id) return;
      this.clear(t);
    });
  }

  private clear(t: VolumeType): void {
    this.store.types.put({ ...t, qos_specs_id: null, updated_at: this.now() });
    this.events.publish('volume.type.updated', t.id, { name: t.name, qos_specs_id: null });
  }

  disassociateAll(id: string): void {
    this.store.db.tx(() => {
      this.get(id);
      for (const t of this.typesOf(id)) this.clear(t);
    });
  }

  /** DELETE: refused while volume types point at it, unless `force` (then they are let go first). */
  delete(id: string, force: boolean): void {
    this.store.db.tx(() => {
      const q = this.get(id);
      const types = this.typesOf(id);
      if (types.length && !force) throw new BadRequest('Qos specs still in use.');
      for (const t of types) this.clear(t);
      this.store.qosSpecs.delete(q.id);
      this.events.publish('volume.qos_specs.deleted', q.id, { name: q.name });
    });
  }
}
