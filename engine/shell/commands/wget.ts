/**
 * `wget [-O FILE] [-q] URL…` against the offline mirror. wget follows redirects by itself, so it
 * saves the real image where `curl -o` without -L saved an HTML page. Its log goes to stderr.
 */
import { fsMessage } from '../fs';
import { isIpLiteral, Mirror, parseUrl, remoteName } from '../mirror';
import type { CommandResult, ShellCommand, ShellContext } from '../types';
import { transferSeconds } from './curl';

const pad = (n: number): string => String(n).padStart(2, '0');
const stamp = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

/** wget's short sizes: 384K, 21M, 1.2G. */
function shortSize(n: number): string {
  if (n < 1024) return `${n}`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)}K`;
  if (n < 1024 * 1024 * 1024) return `${Math.round(n / (1024 * 1024))}M`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)}G`;
}

function rate(bytesPerSecond: number): string {
  if (bytesPerSecond >= 1024 * 1024) return `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MB/s`;
  return `${(bytesPerSecond / 1024).toFixed(1)} KB/s`;
}

/** A name not taken yet: wget saves x, then x.1, x.2, … */
function freeName(ctx: ShellContext, name: string): string {
  if (!ctx.fs.stat(ctx.shell.resolvePath(name))) return name;
  for (let i = 1; ; i++) if (!ctx.fs.stat(ctx.shell.resolvePath(`${name}.${i}`))) return `${name}.${i}`;
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  let output: string | undefined;
  let quiet = false;
  const urls: string[] = [];
  const args = argv.slice(1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === '-O' || a === '--output-document') output = args[++k];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('-') && a !== '-') {
      if (!['-c', '--continue', '-nv', '--no-verbose', '--no-check-certificate', '-4', '-6'].includes(a))
        return { stdout: '', stderr: `wget: invalid option -- '${a.replace(/^-+/, '')}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`, code: 2 };
    } else urls.push(a);
  }
  if (urls.length === 0) return { stdout: '', stderr: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", code: 1 };
  const mirror = new Mirror();
  let log = '';
  let stdout = '';
  let code = 0;
  const now = new Date();
  for (const first of urls) {
    let url = first;
    const resolved = new Set<string>();
    for (let hop = 0; ; hop++) {
      const u = parseUrl(url);
      if (!u) {
        log += `${first}: Invalid URL.\n`;
        code = 1;
        break;
      }
      log += `--${stamp(now)}--  ${url}\n`;
      const ip = isIpLiteral(u.host) ? u.host : mirror.resolve(u.host);
      if (!ip) {
        log += `Resolving ${u.host} (${u.host})... failed: Name or service not known.\nwget: unable to resolve host address ‘${u.host}’\n`;
        code = 4;
        break;
      }
      if (!isIpLiteral(u.host) && !resolved.has(u.host)) log += `Resolving ${u.host} (${u.host})... ${ip}\n`;
      resolved.add(u.host);
      const answer = isIpLiteral(u.host) ? undefined : mirror.get(url);
      if (!answer) {
        log += `Connecting to ${u.host}:${u.port}... failed: No route to host.\n`;
        code = 4;
        break;
      }
      log += `Connecting to ${u.host} (${u.host})|${ip}|:${u.port}... connected.\nHTTP request sent, awaiting response... ${answer.status} ${answer.reason}\n`;
      if (answer.location && answer.status >= 300 && answer.status < 400) {
        if (hop >= 20) {
          log += '20 redirections exceeded.\n';
          code = 8;
          break;
        }
        log += `Location: ${answer.location} [following]\n`;
        url = answer.location;
        continue;
      }
      if (answer.status >= 400) {
        log += `${stamp(now)} ERROR ${answer.status}: ${answer.reason}.\n\n`;
        code = 8;
        break;
      }
      const name = output ?? freeName(ctx, remoteName(first) || 'index.html');
      const bytes = answer.body.length;
      log += `Length: ${bytes} (${shortSize(bytes)}) [${answer.contentType}]\n`;
      if (name === '-') stdout += answer.body.toString('utf8');
      const e = name === '-' ? undefined : ctx.fs.write(ctx.shell.resolvePath(name), answer.body);
      if (e) {
        log += `${name}: ${fsMessage[e]}\n`;
        code = 3;
        break;
      }
      const secs = transferSeconds(bytes, 1);
      log += `Saving to: ‘${name}’\n\n`;
      log += `${name.padEnd(20).slice(0, Math.max(20, name.length))} 100%[===================>] ${(bytes / 1024).toFixed(2)}K  --.-KB/s    in ${secs.toFixed(2)}s   \n\n`;
      log += `${stamp(now)} (${rate(bytes / secs)}) - ‘${name}’ saved [${bytes}/${bytes}]\n\n`;
      break;
    }
  }
  return { stdout, stderr: quiet ? '' : log, code };
}

export const wgetCommand: ShellCommand = { name: 'wget', path: '/usr/bin/wget', summary: 'download a URL to a file (from the offline mirror; follows redirects)', run };
