/**
 * `ping [-c N] [-W s] [-i s] [-s size] [-I dev] [-q] ADDRESS` (iputils). Whether replies come
 * back is the packet walker's answer for an ICMP packet from the namespace the command runs in;
 * the neighbour entries the walk learned are written to the host's caches, as a real ping's ARP
 * would. Without -c it stops after 4 packets (the terminal cannot be interrupted).
 */
import type { Namespace, TraceResult } from '../../dataplane/types';
import { isIpv4 } from '../../core/net/ip';
import { isLocal, routeLookup } from '../net';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const DEFAULT_COUNT = 4;

interface PingOptions {
  count: number;
  interval: number;
  size: number;
  iface?: string;
  quiet: boolean;
  dest?: string;
}

function parseArgs(args: string[]): PingOptions | CommandResult {
  const o: PingOptions = { count: DEFAULT_COUNT, interval: 1, size: 56, quiet: false };
  const valueOpts = new Set(['c', 'W', 'w', 'i', 's', 'I', 't', 'p', 'Q', 'l']);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('-') || a === '-') {
      o.dest = a;
      continue;
    }
    let flags = a.slice(1);
    while (flags) {
      const f = flags[0];
      flags = flags.slice(1);
      if (valueOpts.has(f)) {
        const v = flags || args[++k];
        flags = '';
        if (v === undefined) return { stdout: '', stderr: `ping: option requires an argument -- '${f}'\n`, code: 2 };
        const n = Number(v);
        const numeric = f !== 'I' && f !== 'p' && f !== 'Q';
        if (numeric && (!Number.isFinite(n) || n < 0)) return { stdout: '', stderr: `ping: invalid argument: '${v}'\n`, code: 1 };
        if (f === 'c') {
          if (!Number.isInteger(n) || n < 1) return { stdout: '', stderr: `ping: invalid argument: '${v}': out of range: 1 <= value <= 9223372036854775807\n`, code: 1 };
          o.count = n;
        } else if (f === 'i') o.interval = n;
        else if (f === 's') o.size = n;
        else if (f === 'I') o.iface = v;
      } else if (f === 'q') o.quiet = true;
      else if ('n4vDOaU'.includes(f)) {
        // accepted, no effect here
      } else return { stdout: '', stderr: `ping: invalid option -- '${f}'\n`, code: 2 };
    }
  }
  return o;
}

/** A small, repeatable jitter per destination and sequence number. */
function jitter(dest: string, seq: number): number {
  let h = 2166136261;
  for (const c of `${dest}#${seq}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return ((h >>> 0) % 1000) / 1000;
}

/** iputils' precision: 3 significant-ish digits. */
function ms(t: number): string {
  if (t >= 100) return t.toFixed(0);
  if (t >= 10) return t.toFixed(1);
  if (t >= 1) return t.toFixed(2);
  return t.toFixed(3);
}

const ROOT_LABELS = new Set(['', 'root', 'host']);

/**
 * Routers the echo reply crossed (each takes one off its ttl of 64). When the walk includes the
 * reply leg (the steps after a `reply` step), count the namespaces that routed it, other than the
 * one that answered and the one it was delivered to; otherwise estimate from the request leg.
 */
function routerHops(trace: TraceResult, origin: string): number {
  const r = trace.steps.findIndex((s) => s.kind === 'reply');
  const leg = r >= 0 ? trace.steps.slice(r + 1) : trace.steps;
  const start = r >= 0 ? trace.steps[r].at : origin;
  const end = [...leg].reverse().find((s) => s.kind === 'deliver')?.at;
  const routers = leg.filter((s) => s.kind === 'route' && s.at !== start && s.at !== end && s.at !== origin && !ROOT_LABELS.has(s.at)).map((s) => s.at);
  return new Set(routers).size;
}

const looksLikeArpFailure = (t: TraceResult): boolean =>
  /arp|neighbou?r|incomplete|unresolved|host unreachable/i.test(t.dropped?.reason ?? '') || t.steps[t.steps.length - 1]?.kind === 'arp';

/** The address an ICMP "Destination Host Unreachable" comes from: the node that failed to resolve. */
function unreachableFrom(ctx: ShellContext, trace: TraceResult, dest: string, ownSrc: string): string {
  const at = trace.dropped?.at;
  if (!at || at === ctx.namespace) return ownSrc;
  const ns: Namespace | undefined = ctx.host.namespace(at) ?? ctx.host.findInterface(at)?.namespace;
  if (!ns || ns.name === ctx.namespace) return ownSrc;
  return routeLookup(ns, dest)?.src ?? ownSrc;
}

async function run(ctx: ShellContext, argv: string[]): Promise<CommandResult> {
  const parsed = parseArgs(argv.slice(1));
  if ('code' in parsed) return parsed;
  const o = parsed;
  if (!o.dest) return { stdout: '', stderr: 'ping: usage error: Destination address required\n', code: 1 };
  const dest = o.dest === 'localhost' ? '127.0.0.1' : o.dest;
  if (!isIpv4(dest)) return { stdout: '', stderr: `ping: ${o.dest}: Name or service not known\n`, code: 2 };
  const ns = ctx.host.namespace(ctx.namespace);
  if (!ns) return { stdout: '', stderr: 'ping: socket: No such file or directory\n', code: 2 };
  if (o.iface && !ns.interfaces.some((i) => i.name === o.iface)) return { stdout: '', stderr: `ping: SO_BINDTODEVICE ${o.iface}: No such device\n`, code: 2 };

  const head = `PING ${o.dest} (${dest}) ${o.size}(${o.size + 28}) bytes of data.\n`;
  let ttl = 64;
  let success: boolean;
  let unreachable = false;
  let src = dest;
  let base = 0.04;
  let firstExtra = 0;

  if (isLocal(ns, dest)) {
    success = true;
  } else {
    const route = routeLookup(ns, dest);
    if (!route) return { stdout: '', stderr: 'ping: connect: Network is unreachable\n', code: 2 };
    src = route.src ?? dest;
    const known = ctx.host.get(ctx.namespace, route.route.via ?? dest);
    const trace = ctx.walker(ctx.host.state, ctx.host, { from: { namespace: ctx.namespace, ...(o.iface ? { interface: o.iface } : {}) }, to: dest, protocol: 'icmp' });
    ctx.host.learnFromTrace(ctx.namespace, trace.learned);
    success = trace.delivered && trace.replied !== false;
    const hops = routerHops(trace, ctx.namespace);
    // a walk that leaves the lab is answered from the internet: fewer hops left, more latency (the seeds' 8.8.8.8)
    const outside = trace.steps.some((s) => s.kind === 'exit');
    ttl = (outside ? 58 : 64) - hops;
    base = outside ? 30 : 0.05 + 0.4 * hops + (trace.steps.some((s) => s.kind === 'switch') ? 0.05 : 0);
    firstExtra = known && known.state === 'REACHABLE' ? 0 : 1.1;
    if (!success && looksLikeArpFailure(trace)) {
      unreachable = true;
      src = unreachableFrom(ctx, trace, dest, src);
    }
  }

  const lines: string[] = [];
  const times: number[] = [];
  for (let seq = 1; seq <= o.count; seq++) {
    if (success) {
      const t = base + jitter(dest, seq) * Math.min(base, 2) + (seq === 1 ? firstExtra : 0);
      times.push(t);
      if (!o.quiet) lines.push(`${o.size + 8} bytes from ${dest}: icmp_seq=${seq} ttl=${ttl} time=${ms(t)} ms\n`);
    } else if (unreachable && !o.quiet) {
      lines.push(`From ${src} icmp_seq=${seq} Destination Host Unreachable\n`);
    }
  }
  const elapsed = Math.round((o.count - 1) * o.interval * 1000 + (o.count > 1 ? 3 + jitter(dest, 0) * 60 : 0));
  const received = times.length;
  const loss = Math.round(((o.count - received) / o.count) * 100);
  const errors = unreachable ? `, +${o.count} errors` : '';
  let summary = `\n--- ${o.dest} ping statistics ---\n${o.count} packets transmitted, ${received} received${errors}, ${loss}% packet loss, time ${elapsed}ms\n`;
  if (received) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / received;
    const mdev = Math.sqrt(times.reduce((a, b) => a + b * b, 0) / received - avg * avg);
    summary += `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${(Number.isNaN(mdev) ? 0 : mdev).toFixed(3)} ms\n`;
  } else if (unreachable && o.count > 1) {
    summary += `pipe ${Math.min(3, o.count)}\n`;
  }
  return { stdout: head + lines.join('') + summary, stderr: '', code: received ? 0 : 1 };
}

export const pingCommand: ShellCommand = {
  name: 'ping',
  path: '/usr/bin/ping',
  summary: 'send ICMP echo requests (the answer comes from the packet walker); 4 packets unless -c N',
  run,
};
