/**
 * Test harness: a fresh lab per test file, either in-process (Engine, with Fastify's inject
 * for in-process requests) or as a real `stacklab serve` child process. Each lab gets its
 * own temp data dir and a free port offset, so files never collide.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Clock } from '../../engine/core/clock';
import { makeConfig, SERVICE_PORTS } from '../../engine/core/config';
import { UI_PORT as UI_BASE_PORT } from '../../engine/ui';
import { Engine } from '../../engine/server/engine';

export const repoRoot = resolve(__dirname, '..', '..');
const run = promisify(execFile);

export function tempDir(prefix = 'stacklab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function portFree(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(false));
    s.listen(port, '127.0.0.1', () => s.close(() => res(true)));
  });
}

/** An offset in [20000, 45000) where Keystone's port (5000 + offset) is free now. */
export async function freePortOffset(): Promise<number> {
  // Every port of a lab (the APIs, and the web UI on 8000) stays below Linux's ephemeral range
  // (32768+): there an outgoing connection of any process may take the port between this check and
  // the engine's listen (EADDRINUSE, seen in CI). And every one of them is checked, not only Keystone's.
  const bases = [...Object.values(SERVICE_PORTS), UI_BASE_PORT];
  const top = 32768 - Math.max(...bases) - 1;
  for (let i = 0; i < 200; i++) {
    const off = 10000 + 100 * Math.floor(Math.random() * ((top - 10000) / 100));
    const free = await Promise.all(bases.map((b) => portFree(b + off)));
    if (free.every(Boolean)) return off;
  }
  throw new Error('no free port offset');
}

/** Environment variables of a lab's rc file (what `source keystonerc_<who>` sets). */
export function rcEnv(dataDir: string, who: 'admin' | 'demo' = 'admin'): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of readFileSync(join(dataDir, `keystonerc_${who}`), 'utf8').matchAll(/^\s*export (OS_\w+)=(.*)$/gm)) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  return env;
}

export interface InProcessLab {
  engine: Engine;
  dataDir: string;
  portOffset: number;
  keystoneUrl: string;
  stop(): Promise<void>;
}

/** Starts an engine in this process (listening, so the real CLI can reach it too). */
export async function startInProcessLab(opts: { clock?: Clock; dataDir?: string; portOffset?: number } = {}): Promise<InProcessLab> {
  const dataDir = opts.dataDir ?? tempDir();
  const portOffset = opts.portOffset ?? (await freePortOffset());
  const engine = new Engine(makeConfig({ dataDir, portOffset }), opts.clock);
  await engine.start();
  return {
    engine,
    dataDir,
    portOffset,
    keystoneUrl: `http://127.0.0.1:${5000 + portOffset}`,
    stop: async () => {
      await engine.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ServeProcess {
  child: ChildProcess;
  dataDir: string;
  portOffset: number;
  keystoneUrl: string;
  readyLine: string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs `node bin/stacklab.js serve` (the built CLI) and waits for its `stacklab ready` line. */
export async function startServe(dataDir: string, portOffset?: number, extraArgs: string[] = []): Promise<ServeProcess> {
  const off = portOffset ?? (await freePortOffset());
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), 'serve', '--data-dir', dataDir, '--port-offset', String(off), ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const readyLine = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve not ready in 20 s: ${out}${err}`)), 20000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('stacklab ready'));
      if (line) {
        clearTimeout(timer);
        res(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`serve exited ${code}: ${out}${err}`));
    });
  });
  return {
    child,
    dataDir,
    portOffset: off,
    keystoneUrl: `http://127.0.0.1:${5000 + off}`,
    readyLine,
    stop: () =>
      new Promise((res) => {
        if (child.exitCode !== null) return res(child.exitCode);
        child.once('exit', (code) => res(code));
        child.kill('SIGTERM');
      }),
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the `stacklab` CLI (bin/stacklab.js) with `input` on stdin; never throws. */
export function stacklab(args: string[], input = ''): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join(repoRoot, 'bin', 'stacklab.js'), ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end(input);
  });
}

/** `stacklab ARGS --data-dir DIR`, asserting it succeeds; its stdout. */
export async function stacklabOk(dataDir: string, args: string[]): Promise<string> {
  const r = await stacklab([...args, '--data-dir', dataDir]);
  if (r.code !== 0) throw new Error(`stacklab ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** `stacklab doctor --json`: the findings and the running scenario. */
export async function doctorJson(dataDir: string): Promise<{ findings: Json[]; scenario: Json | null }> {
  return JSON.parse(await stacklabOk(dataDir, ['doctor', '--json'])) as { findings: Json[]; scenario: Json | null };
}

/** `stacklab shell --data-dir DIR -c LINE`: one command line on the lab's host shell. */
export function hostShell(dataDir: string, line: string): Promise<CliResult> {
  return stacklab(['shell', '--data-dir', dataDir, '-c', line]);
}

/** Runs the real python-openstackclient with the lab's rc environment (and nothing else OS_*). */
export async function openstack(dataDir: string, args: string[], opts: { who?: 'admin' | 'demo'; env?: Record<string, string> } = {}): Promise<CliResult> {
  return client('openstack', dataDir, args, opts);
}

/** The real cinderclient CLI (`cinder …`) with the lab's rc environment, for what openstackclient 6.0 lacks. */
export async function cinder(dataDir: string, args: string[], opts: { who?: 'admin' | 'demo'; env?: Record<string, string> } = {}): Promise<CliResult> {
  return client('cinder', dataDir, args, opts);
}

async function client(program: string, dataDir: string, args: string[], opts: { who?: 'admin' | 'demo'; env?: Record<string, string> }): Promise<CliResult> {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) base[k] = v;
  try {
    const r = await run(program, args, { env: { ...base, ...rcEnv(dataDir, opts.who ?? 'admin'), ...opts.env }, cwd: dataDir, timeout: 60000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : 1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

/** `openstack … -f json` parsed. Throws with the CLI's stderr when it fails. */
export async function openstackJson<T = unknown>(dataDir: string, args: string[], opts: { who?: 'admin' | 'demo'; env?: Record<string, string> } = {}): Promise<T> {
  const r = await openstack(dataDir, [...args, '-f', 'json'], opts);
  if (r.code !== 0) throw new Error(`openstack ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Obtains a project-scoped token over HTTP for raw API tests. */
export async function passwordToken(keystoneUrl: string, user: string, password: string, project: string): Promise<string> {
  const res = await fetch(`${keystoneUrl}/v3/auth/tokens?nocatalog`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, domain: { name: 'Default' }, password } } },
        scope: { project: { name: project, domain: { name: 'Default' } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return res.headers.get('x-subject-token')!;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are checked field by field in the tests
export type Json = Record<string, any>;

/** A raw call to the lab's Neutron (9696 + offset): status and parsed body ({} when empty). */
export async function neutronCall(portOffset: number, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`http://127.0.0.1:${9696 + portOffset}/v2.0${path}`, {
    method,
    headers: { 'X-Auth-Token': token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}
