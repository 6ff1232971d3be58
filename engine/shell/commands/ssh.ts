/**
 * `ssh [-o OPTION=VALUE] [-p PORT] [-l USER] [USER@]HOST [COMMAND…]` from the host (or from a
 * namespace: `ip netns exec qrouter-<id> ssh cirros@10.5.5.104`). Whether TCP 22 gets through
 * is the packet walker's answer; the guest that answers is the instance whose port the walk was
 * delivered to. Since the terminal is line-based, the questions ssh asks on the terminal (the
 * unknown host key, the password) and the remote shell are a sub-session: the shell hands it
 * the next lines until the connection closes. sshpass supplies the password instead.
 */
import { fingerprint } from '../../guest/facts';
import { isIpv4 } from '../../core/net/ip';
import { readText } from '../fs';
import { isLocal, routeLookup } from '../net';
import type { CommandResult, GuestShellSession, ShellCommand, ShellContext, SubSession } from '../types';

/** The environment variable sshpass passes the password in (to ssh only). */
export const SSHPASS_ENV = 'STACKLAB_SSHPASS';

interface SshArgs {
  user: string;
  host: string;
  port: number;
  command?: string;
  strict: 'yes' | 'no' | 'ask' | 'accept-new';
  knownHostsFile?: string;
}

const USAGE =
  'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n';

function parseArgs(args: string[], defaultUser: string): SshArgs | CommandResult {
  const o: SshArgs = { user: defaultUser, host: '', port: 22, strict: 'ask' };
  const valued = new Set(['o', 'p', 'l', 'i', 'F', 'E', 'c', 'm', 'b', 'B', 'D', 'J', 'L', 'R', 'W', 'w', 'e', 'I', 'O', 'Q', 'S']);
  let k = 0;
  for (; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('-') || a === '-') break;
    for (let i = 1; i < a.length; i++) {
      const f = a[i];
      if (!valued.has(f)) continue;
      const v = a.slice(i + 1) || args[++k];
      if (v === undefined) return { stdout: '', stderr: `ssh: option requires an argument -- ${f}\n${USAGE}`, code: 255 };
      if (f === 'p') o.port = Number(v);
      else if (f === 'l') o.user = v;
      else if (f === 'o') {
        const [key, val = ''] = v.split(/[= ]/, 2);
        if (/^stricthostkeychecking$/i.test(key)) o.strict = /^(no|off)$/i.test(val) ? 'no' : /^accept-new$/i.test(val) ? 'accept-new' : /^(yes|on)$/i.test(val) ? 'yes' : 'ask';
        else if (/^userknownhostsfile$/i.test(key)) o.knownHostsFile = val;
        else if (/^port$/i.test(key)) o.port = Number(val);
        else if (/^user$/i.test(key)) o.user = val;
      }
      break;
    }
  }
  const dest = args[k];
  if (!dest) return { stdout: '', stderr: USAGE, code: 255 };
  const at = dest.lastIndexOf('@');
  if (at >= 0) {
    o.user = dest.slice(0, at);
    o.host = dest.slice(at + 1);
  } else o.host = dest;
  const rest = args.slice(k + 1);
  if (rest.length) o.command = rest.join(' ');
  return o;
}

const refuse = (host: string, port: number, why: string): CommandResult => ({ stdout: '', stderr: `ssh: connect to host ${host} port ${port}: ${why}\n`, code: 255 });

/** Walks TCP to port 22: the instance port that answers, or ssh's complaint. */
function connect(ctx: ShellContext, o: SshArgs): { portId: string } | CommandResult {
  if (!isIpv4(o.host)) return { stdout: '', stderr: `ssh: Could not resolve hostname ${o.host}: Name or service not known\n`, code: 255 };
  const ns = ctx.host.namespace(ctx.namespace);
  if (!ns) return { stdout: '', stderr: `ssh: connect to host ${o.host} port ${o.port}: Network is unreachable\n`, code: 255 };
  if (isLocal(ns, o.host)) return refuse(o.host, o.port, 'Connection refused');
  const route = routeLookup(ns, o.host);
  if (!route) return refuse(o.host, o.port, 'Network is unreachable');
  const onLink = !route.route.via;
  const t = ctx.walker(ctx.host.state, ctx.host, { from: { namespace: ctx.namespace }, to: o.host, protocol: 'tcp', dstPort: o.port });
  ctx.host.learnFromTrace(ctx.namespace, t.learned);
  const arpFailed = /arp|neighbou?r|incomplete|unresolved|host unreachable/i.test(t.dropped?.reason ?? '');
  if (!t.delivered) return refuse(o.host, o.port, arpFailed && onLink ? 'No route to host' : 'Connection timed out');
  if (t.steps.some((s) => s.kind === 'exit')) return refuse(o.host, o.port, 'Connection timed out');
  // the forward leg's delivery (a reply leg, when traced, ends with a second one back at the sender)
  const at = t.steps.find((s) => s.kind === 'deliver')?.at ?? '';
  if (!at.startsWith('instance:')) return refuse(o.host, o.port, 'Connection refused');
  const portId = at.slice('instance:'.length);
  // nothing runs behind the port (no guest, or it did not boot): nobody answers ARP for it
  if (!ctx.guests?.listening(portId)) return refuse(o.host, o.port, onLink ? 'No route to host' : 'Connection timed out');
  if (t.replied === false) return refuse(o.host, o.port, 'Connection timed out');
  if (o.port !== 22) return refuse(o.host, o.port, 'Connection refused');
  return { portId };
}

type KnownState = 'known' | 'unknown' | 'changed';

function knownHostsPath(ctx: ShellContext, o: SshArgs): string | undefined {
  if (o.knownHostsFile === '/dev/null') return undefined;
  return ctx.shell.resolvePath(o.knownHostsFile ?? `${ctx.env.HOME ?? '/root'}/.ssh/known_hosts`);
}

function knownState(ctx: ShellContext, path: string | undefined, host: string, key: string): { state: KnownState; line?: number } {
  const text = path ? readText(ctx.fs, path) : undefined;
  const lines = (text ?? '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const [hosts, type, blob] = lines[i].trim().split(/\s+/);
    if (!hosts || !hosts.split(',').includes(host)) continue;
    return { state: `${type} ${blob}` === key ? 'known' : 'changed', line: i + 1 };
  }
  return { state: 'unknown' };
}

function remember(ctx: ShellContext, path: string | undefined, host: string, key: string): string {
  if (path) {
    ctx.fs.mkdir(path.slice(0, path.lastIndexOf('/')) || '/', true);
    ctx.fs.write(path, `${host} ${key}\n`, true);
  }
  return `Warning: Permanently added '${host}' (ED25519) to the list of known hosts.\n`;
}

function changedWarning(host: string, key: string, path: string, line: number): string {
  return (
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n' +
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n' +
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n' +
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n' +
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n' +
    'It is also possible that a host key has just been changed.\n' +
    'The fingerprint for the ED25519 key sent by the remote host is\n' +
    `${fingerprint(key)}.\n` +
    'Please contact your system administrator.\n' +
    `Add correct host key in ${path} to get rid of this message.\n` +
    `Offending ED25519 key in ${path}:${line}\n` +
    `Host key for ${host} has changed and you have requested strict checking.\n` +
    'Host key verification failed.\n'
  );
}

/** Runs a command on the guest and closes (ssh host command). */
async function runRemote(session: GuestShellSession, command: string): Promise<{ stdout: string; code: number }> {
  let stdout = '';
  for (const part of command.split(/\s*;\s*/)) {
    const r = await session.run(part);
    stdout += r.output;
    if (r.exited) break;
  }
  session.close();
  return { stdout, code: 0 };
}

/** The conversation after the TCP connection: host key question, password, remote shell. */
class SshSession implements SubSession {
  private stage: 'hostkey' | 'password' | 'shell' = 'password';
  private tries = 0;
  private remote?: GuestShellSession;

  constructor(
    private readonly ctx: ShellContext,
    private readonly o: SshArgs,
    private readonly portId: string,
    private readonly key: string,
    private readonly knownPath: string | undefined,
    askHostKey: boolean,
  ) {
    if (askHostKey) this.stage = 'hostkey';
  }

  prompt(): string {
    if (this.stage === 'hostkey') return 'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
    if (this.stage === 'password') return `${this.o.user}@${this.o.host}'s password: `;
    return this.remote?.prompt() ?? '$ ';
  }

  secret(): boolean {
    return this.stage === 'password';
  }

  async input(line: string): Promise<{ stdout: string; stderr: string; done?: boolean; code?: number }> {
    const answer = line.trim();
    if (this.stage === 'hostkey') {
      if (answer === 'yes' || answer === fingerprint(this.key)) {
        this.stage = 'password';
        return { stdout: '', stderr: remember(this.ctx, this.knownPath, this.o.host, this.key) };
      }
      if (answer === 'no') return { stdout: '', stderr: 'Host key verification failed.\n', done: true, code: 255 };
      return { stdout: '', stderr: "Please type 'yes', 'no' or the fingerprint: " };
    }
    if (this.stage === 'password') {
      const session = this.ctx.guests?.login(this.portId, this.o.user, line);
      if (!session) {
        this.tries++;
        if (this.tries >= 3) return { stdout: '', stderr: `${this.o.user}@${this.o.host}: Permission denied (publickey,password).\n`, done: true, code: 255 };
        return { stdout: '', stderr: 'Permission denied, please try again.\n' };
      }
      if (this.o.command !== undefined) {
        const r = await runRemote(session, this.o.command);
        return { stdout: r.stdout, stderr: '', done: true, code: r.code };
      }
      this.remote = session;
      this.stage = 'shell';
      return { stdout: '', stderr: '' };
    }
    const r = await this.remote!.run(line);
    if (r.lost) return { stdout: '', stderr: `Connection to ${this.o.host} closed by remote host.\nConnection to ${this.o.host} closed.\n`, done: true, code: 255 };
    if (r.exited) return { stdout: r.output, stderr: `Connection to ${this.o.host} closed.\n`, done: true, code: 0 };
    return { stdout: r.output, stderr: '' };
  }
}

async function run(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseArgs(argv.slice(1), ctx.env.USER ?? 'root');
  if ('code' in parsed) return parsed;
  const o = parsed;
  const password = ctx.env[SSHPASS_ENV];
  const conn = connect(ctx, o);
  if ('code' in conn) return conn;
  const key = ctx.guests!.hostKey(conn.portId)!;
  const knownPath = knownHostsPath(ctx, o);
  const known = knownState(ctx, knownPath, o.host, key);
  let stderr = '';
  if (known.state === 'changed') return { stdout: '', stderr: password !== undefined ? '' : changedWarning(o.host, key, knownPath!, known.line!), code: password !== undefined ? 6 : 255 };
  const ask = known.state === 'unknown' && (o.strict === 'ask' || o.strict === 'yes');
  if (known.state === 'unknown' && !ask) stderr += remember(ctx, knownPath, o.host, key);
  if (ask && o.strict === 'yes') return { stdout: '', stderr: 'No ED25519 host key is known for ' + o.host + ' and you have requested strict checking.\nHost key verification failed.\n', code: 255 };
  if (password !== undefined) {
    // sshpass answers no questions: an unknown key is taken (as with StrictHostKeyChecking=no), a wrong password ends it quietly
    if (ask) stderr += remember(ctx, knownPath, o.host, key);
    const session = ctx.guests!.login(conn.portId, o.user, password);
    if (!session) return { stdout: '', stderr: '', code: 5 };
    if (o.command !== undefined) {
      const r = await runRemote(session, o.command);
      return { stdout: r.stdout, stderr, code: r.code };
    }
    const sub = new SshSession(ctx, o, conn.portId, key, knownPath, false);
    await sub.input(password);
    ctx.shell.enter(sub);
    return { stdout: '', stderr, code: 0 };
  }
  if (ask) stderr += `The authenticity of host '${o.host} (${o.host})' can't be established.\nED25519 key fingerprint is ${fingerprint(key)}.\nThis key is not known by any other names\n`;
  ctx.shell.enter(new SshSession(ctx, o, conn.portId, key, knownPath, ask));
  return { stdout: '', stderr, code: 0 };
}

export const sshCommand: ShellCommand = { name: 'ssh', path: '/usr/bin/ssh', summary: 'log in to an instance (ssh cirros@<ip>, password gocubsgo)', run };
