import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { LabDatabase } from '../../core/db';
import { LabLock } from '../../lab/lock';
import {
  diffSnapshots,
  exportSnapshot,
  importSnapshot,
  recoverRestore,
  SnapshotStore,
  stageRestore,
  type SnapshotDiff,
  type SnapshotMeta,
} from '../../lab/snapshots';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';

/** Whether an engine serves the lab now (then save and restore go through it). */
const running = (dataDir: string) => existsSync(join(dataDir, 'engine.sock')) && existsSync(join(dataDir, 'engine.json'));

function requireLab(dataDir: string): void {
  if (!existsSync(join(dataDir, 'lab.db'))) throw new Error(`no lab in ${dataDir}; create it with: npx stacklab serve --data-dir ${dataDir}`);
}

/** With the engine stopped: the lab's lock, a finished restore, then `fn`. */
function offline<T>(dataDir: string, fn: () => T): T {
  requireLab(dataDir);
  const lock = new LabLock(dataDir);
  lock.acquire();
  try {
    recoverRestore(dataDir);
    return fn();
  } finally {
    lock.release();
  }
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** An openstack-style table. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line, fmt(head), line, ...rows.map(fmt), line].join('\n') + '\n';
}

function printDiff(d: SnapshotDiff): string {
  const rows: string[][] = [
    ...d.added.map((e) => ['+ added', e.type, e.name ?? '', e.id, '']),
    ...d.removed.map((e) => ['- removed', e.type, e.name ?? '', e.id, '']),
    ...d.changed.map((e) => ['~ changed', e.type, e.name ?? '', e.id, e.fields.join(', ')]),
  ];
  const summary = `${d.from} → ${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed\n`;
  return rows.length ? table(['Change', 'Type', 'Name', 'ID', 'Fields'], rows) + summary : summary;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** After a restore request: waits until the engine serves again under a new generation. */
async function waitForRestart(client: LabClient, before: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const s = await client.call<{ generation: number }>('GET', '/status');
      if (s.generation > before) return;
    } catch {
      // the socket is down while the engine restarts
    }
    if (Date.now() > deadline) throw new Error('the lab did not come back within 60 s after the restore; see the serve output');
    await sleep(50);
  }
}

/**
 * `stacklab snapshot save|list|restore|delete|diff|export|import`: whole-lab snapshots (database,
 * image files, the host's files), working while the lab runs.
 */
export function registerSnapshot(program: Command): void {
  const snap = program.command('snapshot').description('save and restore the whole lab (database, images, host state)');

  snap
    .command('save <name>')
    .description('save the lab as it is now under <name>')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir: string }) => {
      const meta = running(opts.dataDir)
        ? await new LabClient(opts.dataDir).call<SnapshotMeta>('POST', '/snapshots', { name })
        : offline(opts.dataDir, () => {
            const db = new LabDatabase(join(opts.dataDir, 'lab.db'));
            try {
              return new SnapshotStore(opts.dataDir).save(name, db.raw);
            } finally {
              db.close();
            }
          });
      process.stdout.write(`saved snapshot ${meta.name}: ${meta.resources} resources, ${meta.files} files, ${mib(meta.bytes)}\n`);
    });

  snap
    .command('list')
    .description("list the lab's snapshots")
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action((opts: { dataDir: string; json?: boolean }) => {
      const list = new SnapshotStore(opts.dataDir).list();
      if (opts.json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
      else process.stdout.write(table(['Name', 'Created At', 'Resources', 'Files', 'Size'], list.map((m) => [m.name, m.createdAt, String(m.resources), String(m.files), mib(m.bytes)])));
    });

  snap
    .command('restore <name>')
    .description('put the lab back as it was in snapshot <name> (a running lab restarts on it)')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir: string }) => {
      const store = new SnapshotStore(opts.dataDir);
      store.get(name);
      if (running(opts.dataDir)) {
        const client = new LabClient(opts.dataDir);
        const { generation } = await client.call<{ generation: number }>('POST', `/snapshots/${encodeURIComponent(name)}/restore`);
        await waitForRestart(client, generation);
      } else {
        offline(opts.dataDir, () => {
          stageRestore(opts.dataDir, name, store.stateDir(name));
          recoverRestore(opts.dataDir);
        });
      }
      process.stdout.write(`restored snapshot ${name}\n`);
    });

  snap
    .command('delete <name>')
    .description('delete snapshot <name>')
    .addOption(dataDirOption())
    .action((name: string, opts: { dataDir: string }) => {
      new SnapshotStore(opts.dataDir).delete(name);
      process.stdout.write(`deleted snapshot ${name}\n`);
    });

  snap
    .command('diff <from> <to>')
    .description('resources added, removed and changed from snapshot <from> to snapshot <to>')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action((from: string, to: string, opts: { dataDir: string; json?: boolean }) => {
      const d = diffSnapshots(new SnapshotStore(opts.dataDir), from, to);
      process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : printDiff(d));
    });

  snap
    .command('export <name> <file>')
    .description('write snapshot <name> to <file> (.tar.gz with checksums) to move it to another machine')
    .addOption(dataDirOption())
    .action(async (name: string, file: string, opts: { dataDir: string }) => {
      const r = await exportSnapshot(new SnapshotStore(opts.dataDir), name, file);
      process.stdout.write(`exported snapshot ${name} to ${file}: ${r.files} files, ${mib(r.bytes)}\n`);
    });

  snap
    .command('import <file>')
    .description('read a snapshot exported by `stacklab snapshot export` (checked before it is kept)')
    .addOption(dataDirOption())
    .option('--name <name>', 'keep it under this name instead of the exported one')
    .action(async (file: string, opts: { dataDir: string; name?: string }) => {
      const meta = await importSnapshot(new SnapshotStore(opts.dataDir), file, opts.name);
      process.stdout.write(`imported snapshot ${meta.name}: ${meta.resources} resources\n`);
    });
}
