import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EventBus } from '../core/events';
import { secret as newSecret } from '../core/ids';
import type { LabProgress, WsClientFrame, WsEndpoint, WsServerFrame } from './contract';
import { dispatch, type EmitEvent, type LabApiConnection } from './handlers';

/**
 * Web mode: the built renderer and the LabApi over a WebSocket, on 127.0.0.1 only.
 *
 * The page is public (static files, nothing secret in them); the LabApi is not: the WebSocket upgrade
 * must come from a loopback address, with an Origin that is this server's own, and carry the
 * per-start secret (`?token=`), compared in constant time. The secret reaches the page in the URL
 * fragment of the printed address (`http://127.0.0.1:8000/#<secret>`), which browsers never send to a
 * server, and the page keeps it in sessionStorage only.
 */
export interface UiServerOptions {
  /** Always a loopback address. */
  host: string;
  port: number;
  /** dist/renderer: index.html and its assets. */
  rendererDir: string;
  /** Connects one page: its handlers and what closes with it (see handlers.ts connectEngine). */
  connect: (emit: EmitEvent) => LabApiConnection;
  events: EventBus;
  /** Reported to each page as it connects (the splash). */
  progress?: () => LabProgress;
  /** Defaults to 32 random bytes, base64url. */
  secret?: string;
}

export interface UiServer {
  app: FastifyInstance;
  /** The address to open: the login page, with the secret in the fragment. */
  url: string;
  origin: string;
  secret: string;
  close(): Promise<void>;
}

const WS: WsEndpoint = { path: '/labapi', tokenParam: 'token', sinceParam: 'since' };

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function isLoopbackAddress(address: string | undefined): boolean {
  return typeof address === 'string' && LOOPBACK.test(address);
}

/** The origins a page of this server has: http://127.0.0.1:<port> and http://localhost:<port>. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface UpgradeFacts {
  remoteAddress: string | undefined;
  origin: string | undefined;
  host: string | undefined;
  token: string | undefined;
}

/** Whether a WebSocket upgrade may reach the LabApi; the reason when not (logged, never sent). */
export function checkUpgrade(facts: UpgradeFacts, expected: { secret: string; port: number }): { ok: true } | { ok: false; status: number; reason: string } {
  if (!isLoopbackAddress(facts.remoteAddress)) return { ok: false, status: 403, reason: `connection from ${facts.remoteAddress ?? 'unknown'} is not loopback` };
  const origins = ownOrigins(expected.port);
  if (!facts.host || !origins.includes(`http://${facts.host}`)) return { ok: false, status: 403, reason: `Host ${facts.host ?? '(none)'} is not this server` };
  if (!facts.origin || !origins.includes(facts.origin)) return { ok: false, status: 403, reason: `Origin ${facts.origin ?? '(none)'} is not this server` };
  if (!facts.token || !sameSecret(facts.token, expected.secret)) return { ok: false, status: 401, reason: 'missing or wrong secret' };
  return { ok: true };
}

function send(socket: { send(data: string): void; readyState: number }, frame: WsServerFrame): void {
  if (socket.readyState === 1) socket.send(JSON.stringify(frame));
}

export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  if (!isLoopbackAddress(opts.host)) throw new Error(`the UI server listens on loopback only, not ${opts.host}`);
  if (!existsSync(join(opts.rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${join(opts.rendererDir, 'index.html')} is missing): run npm run build`);
  }
  const secret = opts.secret ?? newSecret(32);
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });

  // Requests for another Host name are refused (DNS rebinding), and no page of ours may be framed.
  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!ownOrigins(opts.port).includes(`http://${req.headers.host ?? ''}`)) return reply.code(421).send({ error: 'unknown host' });
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-content-type-options', 'nosniff');
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 8 * 1024 * 1024 } });
  await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', cacheControl: false });

  app.get(
    WS.path,
    {
      websocket: true,
      preValidation: async (req, reply) => {
        const q = req.query as Record<string, string | undefined>;
        const verdict = checkUpgrade(
          { remoteAddress: req.socket.remoteAddress, origin: req.headers.origin, host: req.headers.host, token: q[WS.tokenParam] },
          { secret, port: opts.port },
        );
        if (!verdict.ok) return reply.code(verdict.status).send({ error: verdict.status === 401 ? 'Unauthorized' : 'Forbidden' });
      },
    },
    (socket, req) => {
      const q = req.query as Record<string, string | undefined>;
      const since = Number(q[WS.sinceParam]);
      const connection = opts.connect((channel, payload) => send(socket, { kind: 'event', channel, payload }));
      const handlers = connection.handlers;
      if (opts.progress) send(socket, { kind: 'event', channel: 'lab:progress', payload: opts.progress() });
      const unsubscribe = opts.events.subscribe(
        (e) => send(socket, { kind: 'event', channel: 'lab:event', payload: e }),
        Number.isFinite(since) && since >= 0 ? since : undefined,
      );
      socket.on('message', (data: Buffer) => {
        let frame: WsClientFrame;
        try {
          frame = JSON.parse(data.toString('utf8')) as WsClientFrame;
        } catch {
          socket.close(1003, 'frames are JSON');
          return;
        }
        if (frame?.kind !== 'invoke' || typeof frame.id !== 'number' || typeof frame.channel !== 'string') {
          socket.close(1003, 'unknown frame');
          return;
        }
        void dispatch(handlers, frame.channel, frame.args).then((envelope) => send(socket, { kind: 'reply', id: frame.id, envelope }));
      });
      socket.on('close', () => {
        unsubscribe();
        connection.close();
      });
    },
  );

  await app.listen({ host: opts.host, port: opts.port });
  const origin = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`;
  return { app, url: `${origin}/#${secret}`, origin, secret, close: () => app.close() };
}
