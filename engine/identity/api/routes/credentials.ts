import type { FastifyInstance, FastifyRequest } from 'fastify';
import { policyCredentials } from '../../../core/http/auth';
import type { Credential } from '../../types';
import type { AppCredInput } from '../../service/app-credentials';
import { registerCrud } from '../crud';
import { authorize, baseUrl, bodyOf, type IdentityApiDeps, param, query } from '../http';
import * as S from '../schemas';
import { collection, withLinks } from '../views';

/** /v3/credentials and /v3/users/{id}/application_credentials. */
export function registerCredentialRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { identity } = deps;

  registerCrud<Credential>(app, deps, {
    path: 'credentials', key: 'credential', policy: 'credential',
    schemas: { create: S.credentialCreate, update: S.credentialUpdate },
    // non-admins see only their own credentials, as Keystone filters them
    list: (q, req) => {
      const rows = identity.credentials.list({ user_id: q.user_id, type: q.type });
      return rows.filter((c) => deps.policy.enforce('identity:get_credential', { 'target.credential.user_id': c.user_id }, credsOf(req)));
    },
    get: (id) => identity.credentials.get(id),
    create: (b) => identity.credentials.create(b as Credential),
    update: (id, b) => identity.credentials.update(id, b),
    delete: (id) => identity.credentials.delete(id),
  });

  const base = '/v3/users/:uid/application_credentials';
  // Keystone shows access_rules only when the credential has some
  const appCredView = (req: FastifyRequest, a: Record<string, unknown>) => {
    const { access_rules, ...rest } = a;
    const shown = Array.isArray(access_rules) && access_rules.length ? { ...rest, access_rules } : rest;
    return withLinks(baseUrl(req), `users/${String(a.user_id)}/application_credentials`, shown);
  };

  app.post(base, { schema: { body: S.appCredCreate } }, async (req, reply) => {
    const uid = param(req, 'uid');
    authorize(deps, req, 'identity:create_application_credential', { user_id: uid });
    const input = bodyOf<AppCredInput>(req, 'application_credential');
    const created = await identity.appCreds.create(uid, req.ctx.userId === uid ? req.ctx.projectId : undefined, req.ctx.roleIds, input);
    reply.code(201);
    return { application_credential: appCredView(req, created) };
  });

  app.get(base, async (req) => {
    const uid = param(req, 'uid');
    authorize(deps, req, 'identity:list_application_credentials', { user_id: uid });
    const rows = identity.appCreds.list(uid, query(req).name);
    return collection(baseUrl(req), `users/${uid}/application_credentials`, 'application_credentials', rows.map((a) => appCredView(req, a)), false);
  });

  app.get(`${base}/:id`, async (req) => {
    const uid = param(req, 'uid');
    authorize(deps, req, 'identity:get_application_credential', { user_id: uid });
    return { application_credential: appCredView(req, identity.appCreds.get(uid, param(req, 'id'))) };
  });

  app.delete(`${base}/:id`, async (req, reply) => {
    const uid = param(req, 'uid');
    authorize(deps, req, 'identity:delete_application_credential', { user_id: uid });
    identity.appCreds.delete(uid, param(req, 'id'));
    reply.code(204);
  });
}

function credsOf(req: FastifyRequest) {
  return policyCredentials(req.ctx);
}
