/**
 * The offline download mirror (resources/mirror/index.json) the host shell's curl and wget read:
 * each URL answers as the real server would — a redirect with its small HTML page, or the file.
 * Hosts it does not know do not resolve (the lab is offline).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../core/resources';

export interface MirrorAnswer {
  status: number;
  reason: string;
  location?: string;
  contentType: string;
  server: string;
  body: Buffer;
}

interface IndexEntry {
  status: number;
  location?: string;
  file: string;
  contentType: string;
  server: string;
}

interface MirrorIndex {
  urls: Record<string, IndexEntry>;
  hosts: Record<string, string>;
}

export const REASONS: Record<number, string> = { 200: 'OK', 301: 'Moved Permanently', 302: 'Found', 404: 'Not Found' };

/** resources/mirror, from the source tree or from dist/. */
export function mirrorDir(): string | undefined {
  const dir = resourcesDir('mirror');
  return existsSync(join(dir, 'index.json')) ? dir : undefined;
}

export interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

export function parseUrl(url: string): ParsedUrl | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/i.exec(url);
  if (!m) return undefined;
  const scheme = (m[1]?.toLowerCase() ?? 'http') as 'http' | 'https';
  return { scheme, host: m[2].toLowerCase(), port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}

export const isIpLiteral = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host);

export class Mirror {
  private readonly index: MirrorIndex;

  constructor(private readonly dir: string | undefined = mirrorDir()) {
    this.index = dir ? (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as MirrorIndex) : { urls: {}, hosts: {} };
  }

  /** The address a host name resolves to, when the mirror serves it. */
  resolve(host: string): string | undefined {
    return this.index.hosts[host.toLowerCase()];
  }

  /** The answer for a URL on a host the mirror knows (a 404 page for paths it does not have). */
  get(url: string): MirrorAnswer | undefined {
    const u = parseUrl(url);
    if (!u || !this.resolve(u.host)) return undefined;
    const key = `${u.scheme}://${u.host}${u.path}`;
    const e = this.index.urls[key];
    if (!e || !this.dir) {
      const body = Buffer.from(`<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>Nothing is stored under ${u.path} on this server.</p>\n</body></html>\n`);
      return { status: 404, reason: REASONS[404], contentType: 'text/html; charset=iso-8859-1', server: 'Apache', body };
    }
    return { status: e.status, reason: REASONS[e.status] ?? '', location: e.location, contentType: e.contentType, server: e.server, body: readFileSync(join(this.dir, 'files', e.file)) };
  }
}

/** The last path segment of a URL (what curl -O and wget name the file). */
export function remoteName(url: string): string {
  const path = parseUrl(url)?.path.split('?')[0] ?? '';
  return path.slice(path.lastIndexOf('/') + 1);
}
