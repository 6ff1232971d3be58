import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { QosSpecs } from '../../types';
import { bodyOf, policyOf, type VolumeApiDeps } from '../http';

type P = { project_id: string; qos_id: string };
type Q = Record<string, string | undefined>;

/** The self and bookmark links Cinder's view builders add. */
export function resourceLinks(req: FastifyRequest, collection: string, id: string): { rel: string; href: string }[] {
  const base = `${req.protocol}://${req.headers.host ?? req.hostname}`;
  const project = (req.params as { project_id: string }).project_id;
  return [
    { rel: 'self', href: `${base}/v3/${project}/${collection}/${id}` },
    { rel: 'bookmark', href: `${base}/${project}/${collection}/${id}` },
  ];
}

const summary = (q: QosSpecs) => ({ id: q.id, name: q.name, consumer: q.consumer, specs: { ...q.specs } });

/** /v3/{project_id}/qos-specs (Cinder's qos_specs_manage extension): CRUD, delete_keys, associations. */
export function registerQosSpecsRoutes(app: FastifyInstance, deps: VolumeApiDeps): void {
  const qos = () => deps.volume.qos;
  const detail = (req: FastifyRequest, q: QosSpecs) => ({ qos_specs: summary(q), links: resourceLinks(req, 'qos-specs', q.id) });

  app.get<{ Params: P }>('/v3/:project_id/qos-specs', async (req) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:get_all');
    return { qos_specs: qos().list().map(summary) };
  });

  app.post<{ Params: P }>('/v3/:project_id/qos-specs', async (req) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:create');
    return detail(req, qos().create(bodyOf(req, 'qos_specs')));
  });

  app.get<{ Params: P }>('/v3/:project_id/qos-specs/:qos_id', async (req) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:get');
    return detail(req, qos().get(req.params.qos_id));
  });

  app.put<{ Params: P }>('/v3/:project_id/qos-specs/:qos_id', async (req) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:update');
    const specs = bodyOf(req, 'qos_specs');
    qos().update(req.params.qos_id, specs);
    return { qos_specs: specs };
  });

  app.delete<{ Params: P; Querystring: Q }>('/v3/:project_id/qos-specs/:qos_id', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:delete');
    const force = ['true', '1', 't', 'y', 'yes', 'on'].includes(String(req.query.force ?? '').toLowerCase());
    qos().delete(req.params.qos_id, force);
    return reply.code(202).send();
  });

  app.put<{ Params: P }>('/v3/:project_id/qos-specs/:qos_id/delete_keys', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:delete');
    qos().deleteKeys(req.params.qos_id, (req.body as { keys?: unknown } | undefined)?.keys);
    return reply.code(202).send();
  });

  app.get<{ Params: P }>('/v3/:project_id/qos-specs/:qos_id/associations', async (req) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:get_all');
    return { qos_associations: qos().associations(req.params.qos_id) };
  });

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/qos-specs/:qos_id/associate', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:update');
    qos().associate(req.params.qos_id, req.query.vol_type_id);
    return reply.code(202).send();
  });

  app.get<{ Params: P; Querystring: Q }>('/v3/:project_id/qos-specs/:qos_id/disassociate', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:update');
    qos().disassociate(req.params.qos_id, req.query.vol_type_id);
    return reply.code(202).send();
  });

  app.get<{ Params: P }>('/v3/:project_id/qos-specs/:qos_id/disassociate_all', async (req, reply) => {
    policyOf(deps, req).authorize('volume_extension:qos_specs_manage:update');
    qos().disassociateAll(req.params.qos_id);
    return reply.code(202).send();
  });
}
