import type { FastifyInstance } from 'fastify';
import * as F from '../../faults';
import type { MemberStatus } from '../../types';
import { callerOf, type ImageApiDeps, memberView } from '../http';

type Params = { id: string; member: string };

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || Buffer.isBuffer(body) || typeof body !== 'object' || Array.isArray(body)) throw F.bodyExpected();
  return body as Record<string, unknown>;
}

/** /v2/images/{id}/members: sharing an image with other projects. */
export function registerMemberRoutes(app: FastifyInstance, deps: ImageApiDeps): void {
  app.post<{ Params: { id: string } }>('/v2/images/:id/members', async (req) => {
    const b = objectBody(req.body);
    if (!('member' in b)) throw F.memberNotSpecified();
    if (b.member === '' || b.member === null) throw F.memberEmpty();
    if (typeof b.member !== 'string') throw F.memberFormat();
    return memberView(deps.image.members.add(callerOf(deps, req), req.params.id, b.member));
  });

  app.get<{ Params: { id: string } }>('/v2/images/:id/members', async (req) => ({
    members: deps.image.members.list(callerOf(deps, req), req.params.id).map(memberView),
    schema: '/v2/schemas/members',
  }));

  app.get<{ Params: Params }>('/v2/images/:id/members/:member', async (req) => memberView(deps.image.members.show(callerOf(deps, req), req.params.id, req.params.member)));

  app.put<{ Params: Params }>('/v2/images/:id/members/:member', async (req) => {
    const b = objectBody(req.body);
    if (!('status' in b)) throw F.statusNotSpecified();
    if (typeof b.status !== 'string') throw F.statusFormat();
    if (!['pending', 'accepted', 'rejected'].includes(b.status)) throw F.badMemberStatus();
    return memberView(deps.image.members.update(callerOf(deps, req), req.params.id, req.params.member, b.status as MemberStatus));
  });

  app.delete<{ Params: Params }>('/v2/images/:id/members/:member', async (req, reply) => {
    deps.image.members.delete(callerOf(deps, req), req.params.id, req.params.member);
    return reply.code(204).send();
  });
}
