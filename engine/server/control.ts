import { chmodSync, rmSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import type { EventBus } from '../core/events';
import type { HostRuntime } from '../lab/host-runtime';
import type { ComputeService } from '../compute/service';
import { ConsoleHub } from '../guest/console-hub';
import type { GuestManager } from '../guest';
import type { SimHypervisors } from '../lab/hypervisors';
import { SnapshotError, type SnapshotMeta } from '../lab/snapshots/store';

/** What the control socket's snapshot routes ask of the running engine. */
export interface SnapshotControl {
  generation(): number;
  save(name: string): SnapshotMeta;
  /** Stages and commits the restore; resolves once the engine serves the restored lab again. */
  restore(name: string): Promise<SnapshotMeta>;
}

/**
 * The lab's control channel for the `stacklab` verbs (shell, and later scenario, doctor,
 * snapshot, console): HTTP on a unix socket inside the lab's data directory, owner-only, so
 * only the lab's user reaches it. The OpenStack APIs stay on their TCP ports.
 */
export async function startControlServer(
  socketPath: string,
  deps: { host: HostRuntime; events: EventBus; guests?: GuestManager; compute?: ComputeService; hypervisors?: SimHypervisors; snapshots?: SnapshotControl },
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  if (deps.snapshots) registerSnapshotRoutes(app, deps.snapshots);
  if (deps.guests) registerConsoleRoutes(app, deps.guests, deps.compute);
  if (deps.hypervisors) registerHostRoutes(app, deps.hypervisors, deps.compute);
  app.get('/status', async () => ({ ok: true, pid: process.pid, lastEvent: deps.events.lastSeq, generation: deps.snapshots?.generation() ?? 1 }));
  app.get('/events', async (req) => {
    const since = Number((req.query as { since?: string }).since ?? 0);
    return deps.events.since(Number.isFinite(since) ? since : 0);
  });
  // scenarios shrink the host (the seeds' 8 GiB VM): `stacklab scenario start`
  app.post('/host/memory', async (req, reply) => {
    const body = (req.body ?? {}) as { totalMb?: unknown; besideGuests?: unknown };
    const totalMb = Number(body.totalMb);
    if (!Number.isInteger(totalMb) || totalMb < 1024) return reply.code(400).send({ error: 'totalMb must be a whole number of MiB from 1024' });
    // besideGuests: the RAM the running instances hold comes on top (a scenario's VM size is for an empty lab)
    const guests = body.besideGuests === true ? (deps.host.host.memorySettings().guestMemoryMb ?? 0) : 0;
    deps.host.host.setMemory({ totalMb: totalMb + guests });
    return deps.host.host.memory();
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

/** A server by id, or by name when exactly one has it; the id of a guest Nova does not know (yet) also works. */
function resolveServer(ref: string, guests: GuestManager, compute?: ComputeService): { id: string; name: string } | { error: string; status: number } {
  const byId = compute?.servers.find(ref);
  if (byId) return { id: byId.id, name: byId.name };
  const named = compute?.servers.list().filter((s) => s.name === ref) ?? [];
  if (named.length > 1) return { error: `More than one server exists with the name '${ref}'.`, status: 409 };
  if (named.length === 1) return { id: named[0].id, name: named[0].name };
  if (guests.power(ref) !== undefined) return { id: ref, name: ref };
  return { error: `No server with a name or ID of '${ref}' exists.`, status: 404 };
}

/**
 * Serial consoles for `stacklab console`: open a session (attach), write typed bytes, read the
 * guest's output by long polling, close; and the console log.
 */
function registerConsoleRoutes(app: FastifyInstance, guests: GuestManager, compute?: ComputeService): void {
  const hub = new ConsoleHub(guests);
  app.addHook('onClose', async () => hub.closeAll());
  app.get('/console/:server/log', async (req, reply) => {
    const r = resolveServer((req.params as { server: string }).server, guests, compute);
    if ('error' in r) return reply.code(r.status).send({ error: r.error });
    const lines = Number((req.query as { lines?: string }).lines);
    return { id: r.id, name: r.name, log: guests.consoleLog(r.id, Number.isInteger(lines) && lines > 0 ? lines : undefined) ?? '' };
  });
  app.post('/console/sessions', async (req, reply) => {
    const { server } = (req.body ?? {}) as { server?: unknown };
    if (typeof server !== 'string' || !server) return reply.code(400).send({ error: 'server must be a name or an id' });
    const r = resolveServer(server, guests, compute);
    if ('error' in r) return reply.code(r.status).send({ error: r.error });
    const id = hub.open(r.id);
    if (!id) return reply.code(409).send({ error: `Server ${r.name} has no console: it is not running on this host.` });
    return { id, serverId: r.id, name: r.name, power: guests.power(r.id) };
  });
  app.post('/console/sessions/:id/write', async (req, reply) => {
    const { data } = (req.body ?? {}) as { data?: unknown };
    if (typeof data !== 'string') return reply.code(400).send({ error: 'data must be a string' });
    if (!hub.write((req.params as { id: string }).id, data)) return reply.code(404).send({ error: 'no such console session' });
    return { ok: true };
  });
  app.get('/console/sessions/:id/read', async (req, reply) => {
    const wait = Math.min(Math.max(Number((req.query as { wait?: string }).wait ?? 0) || 0, 0), 25_000);
    const data = await hub.read((req.params as { id: string }).id, wait);
    if (data === undefined) return reply.code(404).send({ error: 'no such console session' });
    return { data };
  });
  app.delete('/console/sessions/:id', async (req, reply) => {
    hub.close((req.params as { id: string }).id);
    return reply.code(204).send();
  });
}

/** `stacklab host add|list|remove`: the lab's compute hosts; Nova registers an added one at once. */
function registerHostRoutes(app: FastifyInstance, hypervisors: SimHypervisors, compute?: ComputeService): void {
  const sync = () => compute?.servers.kit.syncComputeNodes();
  app.get('/hosts', async () => hypervisors.describe());
  app.post('/hosts', async (req, reply) => {
    const b = (req.body ?? {}) as { name?: unknown; vcpus?: unknown; memoryMb?: unknown; diskGb?: unknown };
    if (typeof b.name !== 'string') return reply.code(400).send({ error: 'name must be a string' });
    const num = (v: unknown) => (v === undefined ? undefined : Number(v));
    try {
      const h = hypervisors.addHost({ name: b.name, vcpus: num(b.vcpus), memoryMb: num(b.memoryMb), diskGb: num(b.diskGb) });
      sync();
      return h;
    } catch (e) {
      return reply.code(400).send({ error: (e as Error).message });
    }
  });
  app.delete('/hosts/:name', async (req, reply) => {
    const { name } = req.params as { name: string };
    try {
      hypervisors.removeHost(name, compute?.servers.list({ host: name }).length ?? 0);
      sync();
      return reply.code(204).send();
    } catch (e) {
      return reply.code(400).send({ error: (e as Error).message });
    }
  });
}

const SNAPSHOT_STATUS: Record<SnapshotError['kind'], number> = { BadRequest: 400, NotFound: 404, Conflict: 409, Corrupt: 422 };

/**
 * `stacklab snapshot save|restore` against a running lab (list, delete, diff, export and import
 * read the snapshot files directly). A restore restarts the engine, this socket included: the reply
 * goes out first (the restore is committed by then), and the client waits for the next generation.
 */
function registerSnapshotRoutes(app: FastifyInstance, snapshots: SnapshotControl): void {
  const fail = (reply: { code(n: number): { send(b: unknown): unknown } }, e: unknown) =>
    e instanceof SnapshotError ? reply.code(SNAPSHOT_STATUS[e.kind]).send({ error: e.message }) : reply.code(500).send({ error: (e as Error).message });
  app.post('/snapshots', async (req, reply) => {
    const { name } = (req.body ?? {}) as { name?: unknown };
    try {
      return snapshots.save(String(name ?? ''));
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.post('/snapshots/:name/restore', async (req, reply) => {
    const { name } = req.params as { name: string };
    const generation = snapshots.generation();
    let restoring: Promise<SnapshotMeta>;
    try {
      restoring = snapshots.restore(name);
      // the staging and commit are synchronous: a refusal (unknown name) arrives before the restart
      await Promise.race([restoring, new Promise((r) => setImmediate(r))]);
    } catch (e) {
      return fail(reply, e);
    }
    restoring.catch(() => undefined);
    return reply.code(202).send({ restoring: name, generation });
  });
}
