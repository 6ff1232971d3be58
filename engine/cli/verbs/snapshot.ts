import { join } from 'node:path';
import type { Command } from 'commander';
import { diffDatabases, type SnapshotDiff } from '../../lab/snapshots/diff';
import { SnapshotStore } from '../../lab/snapshots/store';
import { restoreSnapshot, saveSnapshot } from '../lab-ops';
import { dataDirOption } from '../options';
import { table } from '../table';

/** The archive code (node-tar) loads only for export and import. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const archive = () => require('../../lab/snapshots/archive') as typeof import('../../lab/snapshots/archive');

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
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
      const meta = await saveSnapshot(opts.dataDir, name);
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
      await restoreSnapshot(opts.dataDir, name);
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
      const store = new SnapshotStore(opts.dataDir);
      store.get(from);
      store.get(to);
      const d = diffDatabases(join(store.stateDir(from), 'lab.db'), join(store.stateDir(to), 'lab.db'), { from, to });
      process.stdout.write(opts.json ? JSON.stringify(d, null, 2) + '\n' : printDiff(d));
    });

  snap
    .command('export <name> <file>')
    .description('write snapshot <name> to <file> (.tar.gz with checksums) to move it to another machine')
    .addOption(dataDirOption())
    .action(async (name: string, file: string, opts: { dataDir: string }) => {
      const r = await archive().exportSnapshot(new SnapshotStore(opts.dataDir), name, file);
      process.stdout.write(`exported snapshot ${name} to ${file}: ${r.files} files, ${mib(r.bytes)}\n`);
    });

  snap
    .command('import <file>')
    .description('read a snapshot exported by `stacklab snapshot export` (checked before it is kept)')
    .addOption(dataDirOption())
    .option('--name <name>', 'keep it under this name instead of the exported one')
    .action(async (file: string, opts: { dataDir: string; name?: string }) => {
      const meta = await archive().importSnapshot(new SnapshotStore(opts.dataDir), file, opts.name);
      process.stdout.write(`imported snapshot ${meta.name}: ${meta.resources} resources\n`);
    });
}
