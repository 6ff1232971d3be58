/**
 * `openstack …` for the host shell: the real python-openstackclient, run from a fork server.
 *
 * Starting the client costs ~1.2 s of imports (cliff, keystoneauth, openstacksdk, every command
 * plugin) before it sends a request; a doctor run or a scenario's setup makes fifteen calls or more.
 * So one python process imports the client and all its command plugins once, then forks a child per
 * command line: the child sets the shell's environment and working directory and runs the client's
 * own `main(argv)` — the same code, arguments and environment as `/usr/bin/openstack`, ~0.4 s
 * instead of ~1.7 s. When the fork server cannot start (no client, no python), each call runs the
 * `openstack` executable instead, which also gives the "command not found" answer.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { OpenstackFn } from '../shell/types';

interface Result { stdout: string; stderr: string; code: number }

/** How long one command may run before it is killed (as the executable's timeout did). */
const TIMEOUT_S = 120;

/** The host environment a command inherits before the shell's own variables. */
function baseEnv(): Record<string, string> {
  const base: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TERM']) if (process.env[k]) base[k] = process.env[k]!;
  return base;
}

const NOT_FOUND: Result = { stdout: '', stderr: 'bash: openstack: command not found\nInstall the client on this machine: apt-get install python3-openstackclient\n', code: 127 };

/** Runs the `openstack` executable once (the path when there is no fork server). */
export const execOpenstack: OpenstackFn = (argv, env, options) =>
  new Promise((resolve) => {
    execFile('openstack', argv, { env: { ...baseEnv(), ...env }, cwd: options?.cwd, timeout: TIMEOUT_S * 1000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as NodeJS.ErrnoException | null;
      const code = e ? (typeof e.code === 'number' ? Number(e.code) : e.code === 'ENOENT' ? 127 : 1) : 0;
      resolve(code === 127 ? NOT_FOUND : { stdout: String(stdout), stderr: String(stderr), code });
    });
  });

/**
 * The fork server. Requests and answers are JSON lines on its stdin/stdout; a child's output goes to
 * two temporary files the parent reads back once it has exited. A waiter thread per child lets
 * several commands run at once.
 */
const SERVER_PY = String.raw`
import json, os, signal, sys, tempfile, threading
# cliff names the program from sys.argv[0] when its module is imported
sys.argv = ['/usr/bin/openstack']
out = os.fdopen(os.dup(1), 'w')
devnull = os.open(os.devnull, os.O_RDWR)
os.dup2(devnull, 1)
try:
    from openstackclient import shell
    from importlib.metadata import entry_points
    for group in entry_points().groups:
        if group.startswith('openstack.') or group.startswith('keystoneauth1.'):
            for ep in entry_points(group=group):
                try:
                    ep.load()
                except Exception:
                    pass
except Exception as e:
    out.write(json.dumps({'error': repr(e)}) + '\n'); out.flush()
    sys.exit(1)
lock = threading.Lock()
def answer(msg):
    with lock:
        out.write(json.dumps(msg) + '\n'); out.flush()
answer({'ready': True})
tmp = tempfile.mkdtemp(prefix='stacklab-osc-')
def run(req):
    rid = req['id']
    paths = [os.path.join(tmp, '%s.%s' % (rid, n)) for n in ('out', 'err')]
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.alarm(req.get('timeout', ${TIMEOUT_S}))
            fds = [os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600) for p in paths]
            os.dup2(devnull, 0); os.dup2(fds[0], 1); os.dup2(fds[1], 2)
            os.environ.clear(); os.environ.update(req['env'])
            if req.get('cwd'):
                os.chdir(req['cwd'])
            sys.argv = ['/usr/bin/openstack'] + req['argv']
            try:
                code = shell.main(req['argv']) or 0
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            sys.stdout.flush(); sys.stderr.flush()
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            os._exit(code)
    def wait():
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        texts = []
        for p in paths:
            try:
                with open(p, 'rb') as f:
                    texts.append(f.read().decode('utf-8', 'replace'))
                os.unlink(p)
            except OSError:
                texts.append('')
        answer({'id': rid, 'code': code if code >= 0 else 1, 'stdout': texts[0], 'stderr': texts[1]})
    threading.Thread(target=wait, daemon=True).start()
for line in sys.stdin:
    if line.strip():
        run(json.loads(line))
`;

/** The python the installed client runs with: the `#!` line of the `openstack` executable. */
function clientPython(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    try {
      const first = readFileSync(`${dir}/openstack`, 'utf8').split('\n', 1)[0];
      const m = /^#!\s*(\S+)/.exec(first);
      return m?.[1];
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

class ForkServer {
  private child: ChildProcessWithoutNullStreams | undefined;
  private state: 'off' | 'starting' | 'ready' | 'failed' = 'off';
  private next = 1;
  private readonly pending = new Map<string, (r: Result | undefined) => void>();

  run: OpenstackFn = async (argv, env, options) => {
    const r = await this.send(argv, { ...baseEnv(), ...env }, options?.cwd);
    return r ?? execOpenstack(argv, env, options);
  };

  /** The answer, or undefined when the fork server is not there (the caller runs the executable). */
  private send(argv: string[], env: Record<string, string>, cwd: string | undefined): Promise<Result | undefined> {
    if (this.state === 'failed') return Promise.resolve(undefined);
    if (this.state === 'off') this.start();
    const child = this.child;
    if (!child) return Promise.resolve(undefined);
    const id = String(this.next++);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.hold();
      child.stdin.write(JSON.stringify({ id, argv, env, cwd, timeout: TIMEOUT_S }) + '\n');
    });
  }

  private start(): void {
    const python = clientPython();
    if (!python) {
      this.state = 'failed';
      return;
    }
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(python, ['-c', SERVER_PY], { env: baseEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    } catch {
      this.state = 'failed';
      return;
    }
    this.child = child;
    this.state = 'starting';
    child.stderr.resume();
    child.on('error', () => this.fail());
    child.on('exit', () => this.fail());
    child.stdin.on('error', () => this.fail());
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: { ready?: boolean; error?: string; id?: string } & Partial<Result>;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (msg.ready) this.state = 'ready';
      else if (msg.error) this.fail();
      else if (msg.id) {
        const done = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.hold();
        done?.({ stdout: msg.stdout ?? '', stderr: msg.stderr ?? '', code: msg.code ?? 1 });
      }
    });
    this.hold();
  }

  /** Gone or never started: what is waiting runs the executable, and so does everything after. */
  private fail(): void {
    this.state = 'failed';
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) child.kill();
    for (const done of this.pending.values()) done(undefined);
    this.pending.clear();
  }

  /** The server keeps node alive only while a command is running. */
  private hold(): void {
    const c = this.child;
    if (!c) return;
    const busy = this.pending.size > 0;
    for (const h of [c, c.stdin, c.stdout, c.stderr] as unknown as { ref(): void; unref(): void }[]) {
      if (busy) h.ref();
      else h.unref();
    }
  }

  stop(): void {
    const c = this.child;
    this.child = undefined;
    this.state = 'off';
    if (c && c.exitCode === null) c.kill();
  }
}

const server = new ForkServer();
process.once('exit', () => server.stop());

/** `openstack …` in the host shell: the real python-openstackclient with the shell's environment. */
export const realOpenstack: OpenstackFn = (argv, env, options) => server.run(argv, env, options);
