/**
 * The sim host's file system as the host shell sees it: absolute paths (`/root/x.img`) inside
 * one root. `DirFs` keeps the files under a real folder (the lab's `<dataDir>/hostfs/`, so
 * `openstack image create --file` can read what `curl` saved); `MemFs` keeps them in memory
 * (tests, shells without a lab). Nothing resolves outside the root: `..` stops at `/` and a
 * symbolic link leading out of the root reads as missing.
 */
import { appendFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface FileStat {
  type: 'file' | 'dir';
  size: number;
  mtime: Date;
  /** Permission bits (0o644, 0o755, …). */
  mode: number;
}

/** Why a change failed, as coreutils says it. */
export type FsError = 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EACCES';

export const fsMessage: Record<FsError, string> = {
  ENOENT: 'No such file or directory',
  EEXIST: 'File exists',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EACCES: 'Permission denied',
};

export interface HostFs {
  stat(path: string): FileStat | undefined;
  read(path: string): Buffer | undefined;
  /** Creates or replaces (or appends to) a file; its folder must exist. */
  write(path: string, data: Buffer | string, append?: boolean): FsError | undefined;
  /** The names in a folder, sorted; undefined when it is not a folder. */
  list(path: string): string[] | undefined;
  mkdir(path: string, parents?: boolean): FsError | undefined;
  remove(path: string, recursive?: boolean): FsError | undefined;
  /** Where the path lives on the real machine (DirFs), for programs run there (`openstack`). */
  nativePath?(path: string): string | undefined;
}

/** `/a/./b/../c` → `/a/c`; `..` never leaves `/`. */
export function normalize(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

const parentOf = (path: string): string => normalize(`${normalize(path)}/..`);

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A folder on the real machine seen as the host's `/`. */
export class DirFs implements HostFs {
  private readonly realRoot: string;

  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
    this.realRoot = realpathSync(root);
  }

  /** The real path for `path`, or undefined when it would leave the root (through a link). */
  nativePath(path: string): string | undefined {
    const p = join(this.realRoot, ...normalize(path).split('/').filter(Boolean));
    if (!existsSync(p)) {
      const parent = normalize(path) === '/' ? undefined : this.nativePath(parentOf(path));
      return parent === undefined ? undefined : p;
    }
    const real = realpathSync(p);
    return real === this.realRoot || real.startsWith(this.realRoot + sep) ? real : undefined;
  }

  stat(path: string): FileStat | undefined {
    const p = this.nativePath(path);
    if (!p || !existsSync(p)) return undefined;
    const s = statSync(p);
    if (!s.isFile() && !s.isDirectory()) return undefined;
    return { type: s.isDirectory() ? 'dir' : 'file', size: s.isDirectory() ? 4096 : s.size, mtime: s.mtime, mode: s.mode & 0o777 };
  }

  read(path: string): Buffer | undefined {
    const s = this.stat(path);
    return s?.type === 'file' ? readFileSync(this.nativePath(path)!) : undefined;
  }

  write(path: string, data: Buffer | string, append = false): FsError | undefined {
    const dir = this.stat(parentOf(path));
    if (!dir) return 'ENOENT';
    if (dir.type !== 'dir') return 'ENOTDIR';
    if (this.stat(path)?.type === 'dir') return 'EISDIR';
    const p = this.nativePath(path);
    if (!p) return 'EACCES';
    if (append) appendFileSync(p, data);
    else writeFileSync(p, data);
    return undefined;
  }

  list(path: string): string[] | undefined {
    if (this.stat(path)?.type !== 'dir') return undefined;
    return readdirSync(this.nativePath(path)!).sort();
  }

  mkdir(path: string, parents = false): FsError | undefined {
    const s = this.stat(path);
    if (s) return parents && s.type === 'dir' ? undefined : 'EEXIST';
    const up = this.stat(parentOf(path));
    if (!up && !parents) return 'ENOENT';
    if (up && up.type !== 'dir') return 'ENOTDIR';
    if (!up) {
      const e = this.mkdir(parentOf(path), true);
      if (e) return e;
    }
    const p = this.nativePath(path);
    if (!p) return 'EACCES';
    mkdirSync(p);
    return undefined;
  }

  remove(path: string, recursive = false): FsError | undefined {
    if (normalize(path) === '/') return 'EACCES';
    // a link is removed itself, never what it points at (wherever that is)
    const parent = this.nativePath(parentOf(path));
    const own = parent && join(parent, normalize(path).split('/').pop()!);
    if (own && isLink(own)) {
      rmSync(own, { force: true });
      return undefined;
    }
    const s = this.stat(path);
    if (!s) return 'ENOENT';
    if (s.type === 'dir' && !recursive) return 'EISDIR';
    rmSync(this.nativePath(path)!, { recursive: true, force: true });
    return undefined;
  }
}

interface MemNode {
  type: 'file' | 'dir';
  data: Buffer;
  mtime: Date;
}

/** A host file system in memory: `/` and whatever is written. */
export class MemFs implements HostFs {
  private readonly nodes = new Map<string, MemNode>([['/', { type: 'dir', data: Buffer.alloc(0), mtime: new Date() }]]);

  constructor(files: Record<string, string | Buffer> = {}, dirs: string[] = []) {
    for (const d of dirs) this.mkdir(d, true);
    for (const [p, data] of Object.entries(files)) {
      this.mkdir(parentOf(p), true);
      this.write(p, data);
    }
  }

  stat(path: string): FileStat | undefined {
    const n = this.nodes.get(normalize(path));
    return n && { type: n.type, size: n.type === 'dir' ? 4096 : n.data.length, mtime: n.mtime, mode: n.type === 'dir' ? 0o755 : 0o644 };
  }

  read(path: string): Buffer | undefined {
    const n = this.nodes.get(normalize(path));
    return n?.type === 'file' ? n.data : undefined;
  }

  write(path: string, data: Buffer | string, append = false): FsError | undefined {
    const p = normalize(path);
    const dir = this.nodes.get(parentOf(p));
    if (!dir) return 'ENOENT';
    if (dir.type !== 'dir') return 'ENOTDIR';
    const old = this.nodes.get(p);
    if (old?.type === 'dir') return 'EISDIR';
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
    this.nodes.set(p, { type: 'file', data: append && old ? Buffer.concat([old.data, bytes]) : bytes, mtime: new Date() });
    return undefined;
  }

  list(path: string): string[] | undefined {
    const p = normalize(path);
    if (this.nodes.get(p)?.type !== 'dir') return undefined;
    const prefix = p === '/' ? '/' : `${p}/`;
    return [...this.nodes.keys()].filter((k) => k !== p && k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map((k) => k.slice(prefix.length)).sort();
  }

  mkdir(path: string, parents = false): FsError | undefined {
    const p = normalize(path);
    const s = this.nodes.get(p);
    if (s) return parents && s.type === 'dir' ? undefined : 'EEXIST';
    const up = this.nodes.get(parentOf(p));
    if (up && up.type !== 'dir') return 'ENOTDIR';
    if (!up) {
      if (!parents) return 'ENOENT';
      const e = this.mkdir(parentOf(p), true);
      if (e) return e;
    }
    this.nodes.set(p, { type: 'dir', data: Buffer.alloc(0), mtime: new Date() });
    return undefined;
  }

  remove(path: string, recursive = false): FsError | undefined {
    const p = normalize(path);
    const n = this.nodes.get(p);
    if (!n) return 'ENOENT';
    if (p === '/') return 'EACCES';
    if (n.type === 'dir' && !recursive) return 'EISDIR';
    for (const k of [...this.nodes.keys()]) if (k === p || k.startsWith(`${p}/`)) this.nodes.delete(k);
    return undefined;
  }
}

/** Reads a text file (UTF-8); undefined when missing or a folder. */
export function readText(fs: HostFs, path: string): string | undefined {
  return fs.read(path)?.toString('utf8');
}
