import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthorized } from '../../../core/errors';
import type { AuthContext } from '../../../core/http/auth';
import type { AuthRequest } from '../../service/tokens';
import { authorize, baseUrl, type IdentityApiDeps, query } from '../http';
import { authRequest } from '../schemas';
import { collection, projectView, tokenView, withLinks } from '../views';

/** /v3/auth: issue, validate, check and revoke tokens; the caller's catalog, projects and domains. */
export function registerAuthRoutes(app: FastifyInstance, deps: IdentityApiDeps): void {
  const { identity } = deps;

  const render = (ctx: AuthContext, req: FastifyRequest) => {
    const q = query(req);
    const noCatalog = q.nocatalog !== undefined && q.nocatalog !== 'false' && q.nocatalog !== '0';
    const scoped = !!(ctx.projectId || ctx.domainId || ctx.system);
    const catalog = noCatalog ? undefined : scoped ? identity.catalog.catalogFor(ctx.projectId) : [];
    const user = identity.users.get(ctx.userId);
    return tokenView(ctx, catalog, user.password_expires_at ?? null);
  };

  app.post('/v3/auth/tokens', { config: { public: true }, schema: { body: authRequest } }, async (req, reply) => {
    const { auth } = req.body as { auth: AuthRequest };
    const { token, ctx } = await identity.tokens.authenticate(auth);
    reply.code(201).header('X-Subject-Token', token);
    return render(ctx, req);
  });

  const subject = (req: FastifyRequest): string | undefined => {
    const s = req.headers['x-subject-token'];
    return Array.isArray(s) ? s[0] : s;
  };

  app.get('/v3/auth/tokens', async (req, reply) => {
    const target = identity.tokens.validateSubject(subject(req));
    authorize(deps, req, 'identity:validate_token', { token: { user_id: target.userId } });
    reply.header('X-Subject-Token', subject(req));
    return render(target, req);
  });
  // HEAD is answered by the GET route (Fastify's exposeHeadRoutes): 200 with no body.

  app.delete('/v3/auth/tokens', async (req, reply) => {
    const target = identity.tokens.validateSubject(subject(req));
    authorize(deps, req, 'identity:revoke_token', { token: { user_id: target.userId } });
    identity.tokens.revoke(subject(req));
    reply.code(204);
  });

  app.get('/v3/auth/catalog', async (req) => {
    if (!req.ctx.projectId && !req.ctx.domainId && !req.ctx.system) throw new Unauthorized('The request you have made requires authentication.');
    return { catalog: identity.catalog.catalogFor(req.ctx.projectId), links: { self: `${baseUrl(req)}/v3/auth/catalog`, previous: null, next: null } };
  });

  app.get('/v3/auth/projects', async (req) => {
    const ids = new Set(identity.assignments.list({ userId: req.ctx.userId, effective: true }).map((a) => a.projectId).filter(Boolean) as string[]);
    const projects = identity.projects.list({ ids: [...ids] }).filter((p) => p.enabled);
    return collection(baseUrl(req), 'auth/projects', 'projects', projects.map((p) => withLinks(baseUrl(req), 'projects', projectView(p))), false);
  });

  app.get('/v3/auth/domains', async (req) => {
    const ids = new Set(identity.assignments.list({ userId: req.ctx.userId, effective: true }).map((a) => a.domainId).filter(Boolean) as string[]);
    const domains = identity.domains.list().filter((d) => ids.has(d.id) && d.enabled);
    return collection(baseUrl(req), 'auth/domains', 'domains', domains.map((d) => withLinks(baseUrl(req), 'domains', d)), false);
  });

  app.get('/v3/auth/system', async (req) => {
    const has = identity.assignments.effectiveRoleIds(req.ctx.userId, { system: 'all' }).size > 0;
    return { system: has ? [{ all: true }] : [], links: { self: `${baseUrl(req)}/v3/auth/system`, previous: null, next: null } };
  });
}
