import { chmodSync, rmSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { EventBus } from '../core/events';
import type { HostRuntime } from '../lab/host-runtime';

/**
 * The lab's control channel for the `stacklab` verbs (shell, and later scenario, doctor,
 * snapshot, console): HTTP on a unix socket inside the lab's data directory, owner-only, so
 * only the lab's user reaches it. The OpenStack APIs stay on their TCP ports.
 */
export async function startControlServer(socketPath: string, deps: { host: HostRuntime; events: EventBus }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  app.get('/status', async () => ({ ok: true, pid: process.pid, lastEvent: deps.events.lastSeq }));
  app.get('/events', async (req) => {
    const since = Number((req.query as { since?: string }).since ?? 0);
    return deps.events.since(Number.isFinite(since) ? since : 0);
  });
  app.post('/shell/sessions', async () => deps.host.openSession());
  app.post('/shell/sessions/:id/run', async (req, reply) => {
    const { line } = (req.body ?? {}) as { line?: unknown };
    if (typeof line !== 'string') return reply.code(400).send({ error: 'line must be a string' });
    try {
      return await deps.host.run((req.params as { id: string }).id, line);
    } catch (e) {
      return reply.code(404).send({ error: (e as Error).message });
    }
  });
  app.delete('/shell/sessions/:id', async (req, reply) => {
    deps.host.closeSession((req.params as { id: string }).id);
    return reply.code(204).send();
  });
  rmSync(socketPath, { force: true });
  await app.listen({ path: socketPath });
  chmodSync(socketPath, 0o600);
  return app;
}
