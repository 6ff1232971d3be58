import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { LabDatabase } from '../../core/db';
import { ComputeHostTable } from '../../lab/hypervisors';
import { LabLock } from '../../lab/lock';
import { LabClient } from '../lab-client';
import { labRunning, requireLab } from '../lab-ops';
import { dataDirOption } from '../options';
import { table } from '../table';

interface HostRow {
  name: string;
  vcpus: number;
  memoryMb: number;
  usedMb?: number;
  availableMb?: number;
  diskGb: number;
  instances?: number;
  kind?: string;
}

const positiveInt = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive integer`);
  return n;
};


/**
 * With the engine stopped, the lab database is edited directly (under the lab's lock); the next
 * start registers the host with Nova and Placement.
 */
function offline<T>(dataDir: string, fn: (table: ComputeHostTable) => T): T {
  requireLab(dataDir);
  const lock = new LabLock(dataDir);
  lock.acquire();
  const db = new LabDatabase(join(dataDir, 'lab.db'));
  try {
    return fn(new ComputeHostTable(db));
  } finally {
    db.close();
    lock.release();
  }
}

function hostTable(rows: HostRow[]): string {
  const head = ['Host', 'vCPUs', 'Memory MB', 'Used MB', 'Available MB', 'Disk GB', 'Instances', 'Kind'];
  const opt = (n: number | undefined) => (n === undefined ? '' : String(n));
  return table(head, rows.map((r) => [r.name, String(r.vcpus), String(r.memoryMb), opt(r.usedMb), opt(r.availableMb), String(r.diskGb), opt(r.instances), r.kind ?? 'added']));
}

/**
 * `stacklab host add|list|remove`: compute hosts besides the lab's own. Against a running engine
 * through the control socket (Nova gets a nova-compute service and a placement provider at once);
 * with the engine stopped, in the lab database (registered on the next start).
 */
export function registerHost(program: Command): void {
  const host = program.command('host').description("the lab's compute hosts (Nova hypervisors) besides its own");

  host
    .command('add <name>')
    .description('add a compute host that instances can be scheduled to')
    .addOption(dataDirOption())
    .option('--ram <MB>', 'memory of the host in MiB', positiveInt('--ram'), 4096)
    .option('--vcpus <N>', 'CPUs of the host', positiveInt('--vcpus'), 2)
    .option('--disk <GB>', 'local disk of the host in GiB', positiveInt('--disk'), 40)
    .action(async (name: string, opts: { dataDir: string; ram: number; vcpus: number; disk: number }) => {
      const input = { name, vcpus: opts.vcpus, memoryMb: opts.ram, diskGb: opts.disk };
      const added = labRunning(opts.dataDir) ? await new LabClient(opts.dataDir).call<HostRow>('POST', '/hosts', input) : offline(opts.dataDir, (t) => t.add(input));
      process.stdout.write(`added compute host ${added.name}: ${added.vcpus} vCPUs, ${added.memoryMb} MB RAM, ${added.diskGb} GB disk\n`);
    });

  host
    .command('list')
    .description("list the lab's compute hosts with their memory")
    .addOption(dataDirOption())
    .action(async (opts: { dataDir: string }) => {
      const rows = labRunning(opts.dataDir) ? await new LabClient(opts.dataDir).call<HostRow[]>('GET', '/hosts') : offline(opts.dataDir, (t) => t.list());
      process.stdout.write(hostTable(rows));
    });

  host
    .command('remove <name>')
    .description('remove an added compute host (it must have no instances)')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir: string }) => {
      if (labRunning(opts.dataDir)) await new LabClient(opts.dataDir).call('DELETE', `/hosts/${encodeURIComponent(name)}`);
      else offline(opts.dataDir, (t) => t.remove(name));
      process.stdout.write(`removed compute host ${name}\n`);
    });
}
