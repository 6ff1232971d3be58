/**
 * Moving a snapshot between machines: `export` writes a gzip'd tar (node-tar) of the snapshot with
 * a checksums.json (SHA-256 and size of every file); `import` unpacks it aside, refuses anything that
 * is not a StackLab snapshot or whose bytes do not match, and only then adopts it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import * as tar from 'tar';
import { SNAPSHOT_FORMAT } from './layout';
import { SnapshotError, SnapshotStore, type SnapshotMeta } from './store';

interface Checksums {
  format: typeof SNAPSHOT_FORMAT;
  files: Record<string, { size: number; sha256: string }>;
}

const CHECKSUMS = 'checksums.json';

function filesUnder(root: string, dir = root, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) filesUnder(root, p, out);
    else if (st.isFile()) out.push(relative(root, p));
  }
  return out;
}

function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject);
  });
}

/** Writes `file`: the snapshot as a .tar.gz with its checksums (written aside, then renamed). */
export async function exportSnapshot(store: SnapshotStore, name: string, file: string): Promise<{ meta: SnapshotMeta; files: number; bytes: number }> {
  const meta = store.get(name);
  const dir = store.dir(name);
  const sums: Checksums = { format: SNAPSHOT_FORMAT, files: {} };
  let bytes = 0;
  for (const rel of filesUnder(dir).filter((f) => f !== CHECKSUMS).sort()) {
    const size = lstatSync(join(dir, rel)).size;
    bytes += size;
    sums.files[rel] = { size, sha256: await sha256(join(dir, rel)) };
  }
  writeFileSync(join(dir, CHECKSUMS), JSON.stringify(sums, null, 1) + '\n', { mode: 0o600 });
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await tar.c({ gzip: true, file: tmp, cwd: dir, portable: true }, [CHECKSUMS, ...Object.keys(sums.files)]);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return { meta, files: Object.keys(sums.files).length, bytes };
}

/** Reads `file` into a new snapshot (named `as`, or as it was exported); nothing is kept when it is refused. */
export async function importSnapshot(store: SnapshotStore, file: string, as?: string): Promise<SnapshotMeta> {
  if (!existsSync(file)) throw new SnapshotError('NotFound', `${file}: no such file`);
  mkdirSync(store.root, { recursive: true, mode: 0o700 });
  const tmp = join(store.root, `.imp-${randomBytes(6).toString('hex')}`);
  mkdirSync(tmp, { mode: 0o700 });
  try {
    try {
      await tar.x({ file, cwd: tmp, strict: true, preservePaths: false });
    } catch (error) {
      throw new SnapshotError('Corrupt', `${file} is not a StackLab snapshot archive, or it is damaged: ${(error as Error).message}`);
    }
    if (!existsSync(join(tmp, CHECKSUMS)) || !existsSync(join(tmp, 'meta.json'))) {
      throw new SnapshotError('Corrupt', `${file} is not a StackLab snapshot archive (no ${CHECKSUMS} or meta.json in it).`);
    }
    let sums: Checksums;
    let meta: SnapshotMeta;
    try {
      sums = JSON.parse(readFileSync(join(tmp, CHECKSUMS), 'utf8')) as Checksums;
      meta = JSON.parse(readFileSync(join(tmp, 'meta.json'), 'utf8')) as SnapshotMeta;
    } catch {
      throw new SnapshotError('Corrupt', `${file}: its ${CHECKSUMS} or meta.json is not JSON.`);
    }
    if (sums.format !== SNAPSHOT_FORMAT || meta.format !== SNAPSHOT_FORMAT) {
      throw new SnapshotError('Corrupt', `${file} is a snapshot of another format (${String(meta.format ?? sums.format)}); this StackLab reads ${SNAPSHOT_FORMAT}.`);
    }
    const present = filesUnder(tmp).filter((f) => f !== CHECKSUMS);
    const listed = Object.keys(sums.files);
    const extra = present.filter((f) => !(f in sums.files));
    const missing = listed.filter((f) => !present.includes(f));
    if (extra.length || missing.length) throw new SnapshotError('Corrupt', `${file} does not match its checksums: ${[...missing.map((f) => `missing ${f}`), ...extra.map((f) => `unexpected ${f}`)].join(', ')}.`);
    for (const rel of listed) {
      const want = sums.files[rel];
      const size = lstatSync(join(tmp, rel)).size;
      if (size !== want.size || (await sha256(join(tmp, rel))) !== want.sha256) throw new SnapshotError('Corrupt', `${file} is damaged: ${rel} does not match its checksum.`);
    }
    if (!existsSync(join(tmp, 'state', 'lab.db'))) throw new SnapshotError('Corrupt', `${file} holds no lab database (state/lab.db).`);
    const db = new Database(join(tmp, 'state', 'lab.db'), { readonly: true, fileMustExist: true });
    try {
      const ok = (db.pragma('integrity_check', { simple: true }) as string) === 'ok';
      if (!ok) throw new SnapshotError('Corrupt', `${file}: its lab database fails SQLite's integrity check.`);
    } finally {
      db.close();
    }
    return store.adopt(as ?? meta.name, tmp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
