/**
 * `curl [-o FILE | -O] [-L] [-s] [-S] [-f] [-I] [-i] URL` against the offline mirror. As with the
 * real tool, a redirect is not followed without -L: `curl -o x.img URL` saves the redirect's
 * small HTML page (the seeds' "No bootable device"). The progress meter goes to stderr when the
 * body goes to a file; unknown hosts do not resolve, since the lab is offline.
 */
import { fsMessage } from '../fs';
import { isIpLiteral, Mirror, parseUrl, remoteName, type MirrorAnswer } from '../mirror';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

interface CurlOptions {
  urls: string[];
  output?: string;
  remoteName: boolean;
  follow: boolean;
  silent: boolean;
  showError: boolean;
  fail: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  maxRedirs: number;
}

const VALUE_SHORT = new Set(['o', 'H', 'X', 'd', 'u', 'm', 'A', 'w', 'e', 'C', 'r', 'T', 'x', 'b', 'c', 'E', 'K', 'F', 'z']);
const VALUE_LONG = new Set(['output', 'header', 'request', 'data', 'user', 'max-time', 'user-agent', 'write-out', 'referer', 'connect-timeout', 'retry', 'max-redirs', 'proxy', 'cacert', 'cert', 'data-binary', 'form', 'resolve']);

const usage = (msg: string): CommandResult => ({ stdout: '', stderr: `curl: ${msg}\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, code: 2 });

function parseArgs(args: string[]): CurlOptions | CommandResult {
  const o: CurlOptions = { urls: [], remoteName: false, follow: false, silent: false, showError: false, fail: false, head: false, include: false, verbose: false, maxRedirs: 50 };
  const setFlag = (name: string): boolean => {
    switch (name) {
      case 'O':
      case 'remote-name':
        o.remoteName = true;
        return true;
      case 'L':
      case 'location':
        o.follow = true;
        return true;
      case 's':
      case 'silent':
        o.silent = true;
        return true;
      case 'S':
      case 'show-error':
        o.showError = true;
        return true;
      case 'f':
      case 'fail':
        o.fail = true;
        return true;
      case 'I':
      case 'head':
        o.head = true;
        return true;
      case 'i':
      case 'include':
        o.include = true;
        return true;
      case 'v':
      case 'verbose':
        o.verbose = true;
        return true;
      default:
        return ['k', 'insecure', '#', 'progress-bar', 'g', 'globoff', 'N', 'no-buffer', 'compressed', '4', '6', 'create-dirs', 'q', 'n', 'netrc'].includes(name);
    }
  };
  const setValue = (name: string, v: string): void => {
    if (name === 'o' || name === 'output') o.output = v;
    else if (name === 'max-redirs') o.maxRedirs = Number(v);
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (VALUE_LONG.has(name)) {
        const v = inline ?? args[++k];
        if (v === undefined) return usage(`option ${a}: requires parameter`);
        setValue(name, v);
      } else if (name === 'url') {
        const v = args[++k];
        if (v !== undefined) o.urls.push(v);
      } else if (!setFlag(name)) return usage(`option ${a}: is unknown`);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let i = 1; i < a.length; i++) {
        const f = a[i];
        if (VALUE_SHORT.has(f)) {
          const v = a.slice(i + 1) || args[++k];
          if (v === undefined) return usage(`option -${f}: requires parameter`);
          setValue(f, v);
          break;
        }
        if (!setFlag(f)) return usage(`option -${f}: is unknown`);
      }
    } else o.urls.push(a);
  }
  return o;
}

/** curl's 5-character sizes: 233, 384k, 21.4M. */
export function size5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${Math.floor(n / 1024)}k`.padStart(5);
  if (n < 100 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)}M`.padStart(5);
  return `${Math.floor(n / (1024 * 1024))}M`.padStart(5);
}

const clock = (s: number): string => (s < 1 ? '--:--:--' : `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(s % 60)).padStart(2, '0')}`);

/** How long the mirror "takes": a round trip per request and 25 MB/s. */
export const transferSeconds = (bytes: number, requests: number): number => 0.12 * requests + bytes / (25 * 1024 * 1024);

/** The meter curl leaves on the terminal when the body goes to a file. */
export function progressMeter(bytes: number, seconds: number): string {
  const speed = size5(Math.round(bytes / Math.max(seconds, 0.001)));
  const t = clock(seconds);
  return (
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
    '                                 Dload  Upload   Total   Spent    Left  Speed\n' +
    `100 ${size5(bytes)}  100 ${size5(bytes)}    0     0  ${speed}      0 ${t} ${t} --:--:-- ${speed}\n`
  );
}

function headerBlock(a: MirrorAnswer): string {
  const lines = [`HTTP/1.1 ${a.status} ${a.reason}`, `Date: ${new Date().toUTCString()}`, `Server: ${a.server}`];
  if (a.location) lines.push(`Location: ${a.location}`);
  lines.push(`Content-Length: ${a.body.length}`, `Content-Type: ${a.contentType}`);
  return lines.map((l) => `${l}\r\n`).join('') + '\r\n';
}

function failure(o: CurlOptions, code: number, message: string): CommandResult {
  return { stdout: '', stderr: o.silent && !o.showError ? '' : `curl: (${code}) ${message}\n`, code };
}

/** One URL: the answers along the redirects it followed, or a failure. */
function fetchChain(mirror: Mirror, o: CurlOptions, url: string): { hops: MirrorAnswer[] } | CommandResult {
  const hops: MirrorAnswer[] = [];
  let current = url;
  for (;;) {
    const u = parseUrl(current);
    if (!u) return failure(o, 3, 'URL using bad/illegal format or missing URL');
    if (isIpLiteral(u.host)) return failure(o, 7, `Failed to connect to ${u.host} port ${u.port}: No route to host`);
    const answer = mirror.get(current);
    if (!answer) return failure(o, 6, `Could not resolve host: ${u.host}`);
    hops.push(answer);
    if (!o.follow || !answer.location || answer.status < 300 || answer.status >= 400) return { hops };
    if (hops.length > o.maxRedirs) return failure(o, 47, `Maximum (${o.maxRedirs}) redirects followed`);
    current = answer.location;
  }
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const parsed = parseArgs(argv.slice(1));
  if ('code' in parsed) return parsed;
  const o = parsed;
  if (o.urls.length === 0) return usage('no URL specified!');
  const mirror = new Mirror();
  let stdout = '';
  let stderr = '';
  let code = 0;
  for (const url of o.urls) {
    const got = fetchChain(mirror, o, url);
    if ('code' in got) {
      stderr += got.stderr;
      code = got.code;
      continue;
    }
    const final = got.hops[got.hops.length - 1];
    if (o.verbose) for (const h of got.hops) stderr += headerBlock(h).split('\r\n').filter(Boolean).map((l) => `< ${l}\n`).join('');
    if (o.fail && final.status >= 400) {
      const f = failure(o, 22, `The requested URL returned error: ${final.status} ${final.reason}`);
      stderr += f.stderr;
      code = f.code;
      continue;
    }
    const headers = o.head || o.include ? got.hops.map(headerBlock).join('') : '';
    const body = o.head ? Buffer.alloc(0) : final.body;
    const target = o.output ?? (o.remoteName ? remoteName(url) : undefined);
    if (target !== undefined && target !== '-') {
      if (!target) {
        stderr += o.silent && !o.showError ? '' : 'curl: Remote file name has no length!\n';
        code = 23;
        continue;
      }
      const e = ctx.fs.write(ctx.shell.resolvePath(target), Buffer.concat([Buffer.from(headers, 'latin1'), body]));
      if (e) {
        if (!o.silent) stderr += `Warning: Failed to create the file ${target}: ${fsMessage[e]}\n`;
        stderr += o.silent && !o.showError ? '' : `curl: (23) Failed writing body (0 != ${body.length})\n`;
        code = 23;
        continue;
      }
      if (!o.silent) stderr += progressMeter(body.length, transferSeconds(body.length, got.hops.length));
      continue;
    }
    if (target === undefined && body.includes(0)) {
      stdout += headers;
      stderr +=
        'Warning: Binary output can mess up your terminal. Use "--output -" to tell \nWarning: curl to output it to your terminal anyway, or consider "--output \nWarning: <FILE>" to save to a file.\n';
      code = 23;
      continue;
    }
    stdout += headers + body.toString('utf8');
  }
  return { stdout, stderr, code };
}

export const curlCommand: ShellCommand = { name: 'curl', path: '/usr/bin/curl', summary: 'transfer a URL (from the offline mirror); -L follows redirects, -o FILE saves', run };
