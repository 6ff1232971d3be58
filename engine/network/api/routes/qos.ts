import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notAuthorized, qosPolicyNotFound, requiredAttributeMissing, resourceNotFound } from '../../faults';
import { QOS_RULE_TYPES } from '../../service/qos';
import type { QosPolicy } from '../../types';
import { authorize, bodyOf, callerOf, filterList, type NetworkApiDeps, queryOf, selectFields } from '../http';
import { checkBody, registerResource } from '../resource';

const param = (req: FastifyRequest, k: string) => (req.params as Record<string, string>)[k];

/** The Open vSwitch QoS driver's parameters for each rule type (GET /v2.0/qos/rule-types/{type}, admin only). */
const RULE_TYPE_DETAILS: Record<string, { parameter_name: string; parameter_type: string; parameter_values: unknown }[]> = {
  bandwidth_limit: [
    { parameter_name: 'max_kbps', parameter_type: 'range', parameter_values: { start: 0, end: 2147483647 } },
    { parameter_name: 'max_burst_kbps', parameter_type: 'range', parameter_values: { start: 0, end: 2147483647 } },
    { parameter_name: 'direction', parameter_type: 'choices', parameter_values: ['ingress', 'egress'] },
  ],
};

/** QoS (qos, qos-bw-limit-direction): policies, their bandwidth_limit rules, rule types. */
export function registerQosRoutes(app: FastifyInstance, deps: NetworkApiDeps): void {
  const q = deps.network.qos;

  registerResource<QosPolicy>(app, deps, {
    collection: 'qos/policies', collectionKey: 'policies', member: 'policy',
    createAttrs: { name: 'string', description: 'string', shared: 'bool', is_default: 'bool', tenant_id: 'string', project_id: 'string' },
    updateAttrs: { name: 'string', description: 'string', shared: 'bool', is_default: 'bool' },
    list: (c) => q.list(c),
    notFound: (id) => qosPolicyNotFound(id),
    get: (c, id) => q.get(c, id),
    create: (c, b) => q.create(c, b),
    update: (c, id, b) => q.update(c, id, b),
    delete: (c, id) => q.delete(c, id),
  });

  // --- bandwidth_limit rules, a sub-resource of a policy ----------------------------------------------
  const base = '/v2.0/qos/policies/:policy/bandwidth_limit_rules';
  const member = 'bandwidth_limit_rule';
  const attrs = { max_kbps: 'any', max_burst_kbps: 'any', direction: 'string' } as const;
  /** Neutron's target for a rule: the rule plus the owner of its policy. */
  const target = (req: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const p = q.get(callerOf(deps, req), param(req, 'policy'));
    return { ...extra, project_id: p.project_id, tenant_id: p.project_id };
  };

  app.get(base, async (req) => {
    const t = target(req);
    authorize(deps, req, `get_policy_${member}`, t);
    return { [`${member}s`]: filterList(q.listRules(callerOf(deps, req), param(req, 'policy')) as unknown as Record<string, unknown>[], queryOf(req)) };
  });
  app.get(`${base}/:rule`, async (req) => {
    const t = target(req);
    authorize(deps, req, `get_policy_${member}`, t);
    const r = q.getRule(callerOf(deps, req), param(req, 'policy'), param(req, 'rule'));
    return { [member]: selectFields(r as unknown as Record<string, unknown>, queryOf(req).fields) };
  });
  app.post(base, async (req, reply) => {
    const body = checkBody(bodyOf(req, member), { ...attrs, tenant_id: 'string', project_id: 'string' }, 'POST');
    if (body.max_kbps === undefined) throw requiredAttributeMissing('max_kbps');
    authorize(deps, req, `create_policy_${member}`, target(req, body), Object.keys(body));
    const r = q.createRule(callerOf(deps, req), param(req, 'policy'), body);
    reply.code(201);
    return { [member]: r };
  });
  app.put(`${base}/:rule`, async (req) => {
    const body = checkBody(bodyOf(req, member), attrs, 'PUT');
    authorize(deps, req, `update_policy_${member}`, target(req, body), Object.keys(body));
    return { [member]: q.updateRule(callerOf(deps, req), param(req, 'policy'), param(req, 'rule'), body) };
  });
  app.delete(`${base}/:rule`, async (req, reply) => {
    authorize(deps, req, `delete_policy_${member}`, target(req));
    q.deleteRule(callerOf(deps, req), param(req, 'policy'), param(req, 'rule'));
    reply.code(204);
  });

  // --- rule types ------------------------------------------------------------------------------------
  app.get('/v2.0/qos/rule-types', async (req) => {
    authorize(deps, req, 'get_rule_type', {});
    return { rule_types: filterList(QOS_RULE_TYPES.map((type) => ({ type })), queryOf(req)) };
  });
  app.get('/v2.0/qos/rule-types/:type', async (req) => {
    authorize(deps, req, 'get_rule_type', {});
    if (!callerOf(deps, req).isAdmin) throw notAuthorized();
    const details = RULE_TYPE_DETAILS[param(req, 'type')];
    if (!details) throw resourceNotFound();
    return { rule_type: { type: param(req, 'type'), drivers: [{ name: 'openvswitch', supported_parameters: details }] } };
  });
}
