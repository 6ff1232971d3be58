/** `systemctl status|start|stop|restart|enable|disable|is-active|is-enabled|list-units` over the sim host's units. */
import type { ServiceUnit } from '../../host/sim/services';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');

/** systemd's timestamp: `Sat 2025-01-11 23:49:12 UTC`. */
export function systemdTime(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}

/** systemd's relative time: `5s ago`, `3min 2s ago`, `1h 31min ago`, `2 days ago`. */
export function systemdAgo(from: Date, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}min ${s % 60}s ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}min ago`;
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  return `${days} day${days > 1 ? 's' : ''}${h ? ` ${h}h` : ''} ago`;
}

const label = (name: string, value: string) => `${name.padStart(11)}: ${value}`;

function status(ctx: ShellContext, u: ServiceUnit): string {
  const now = ctx.host.clock();
  const since = new Date(u.since ?? ctx.host.bootTime);
  const when = `since ${systemdTime(since)}; ${systemdAgo(since, now)}`;
  const dot = u.state === 'active' ? '●' : u.state === 'failed' ? '×' : '○';
  const lines = [`${dot} ${u.name}.service - ${u.description}`];
  lines.push(label('Loaded', `loaded (/usr/lib/systemd/system/${u.name}.service; ${u.enabled ? 'enabled' : 'disabled'}; preset: disabled)`));
  if (u.state === 'active') lines.push(label('Active', `active (${u.oneshot ? 'exited' : 'running'}) ${when}`));
  else if (u.state === 'failed') lines.push(label('Active', `failed (Result: exit-code) ${when}`));
  else lines.push(label('Active', u.since === null ? 'inactive (dead)' : `inactive (dead) ${when}`));
  if (u.docs?.length) {
    lines.push(label('Docs', u.docs[0]));
    for (const d of u.docs.slice(1)) lines.push(`${' '.repeat(13)}${d}`);
  }
  if (u.state === 'failed') lines.push(label('Main PID', `${1000 + (u.name.length * 37) % 900} (code=exited, status=1/FAILURE)`));
  if (u.state === 'active' && u.pid !== null) {
    const uptime = Math.max(1, (now.getTime() - since.getTime()) / 1000);
    const cpu = Math.min(uptime * 0.02, 3600) * (u.memoryMb / 200);
    lines.push(label('Main PID', `${u.pid} (${u.process})`));
    lines.push(label('Tasks', `${3 + (u.memoryMb % 9)} (limit: 50401)`));
    lines.push(label('Memory', `${u.memoryMb.toFixed(1)}M`));
    lines.push(label('CPU', cpu >= 60 ? `${Math.floor(cpu / 60)}min ${(cpu % 60).toFixed(3)}s` : `${cpu.toFixed(3)}s`));
    lines.push(label('CGroup', `/system.slice/${u.name}.service`));
    lines.push(`${' '.repeat(13)}└─${u.pid} ${u.command}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Unit names; a glob (`neutron-*`) stands for the loaded units it matches, as systemctl expands it. */
const names = (args: string[], loaded: string[]) =>
  args
    .filter((a) => !a.startsWith('-'))
    .map((a) => a.replace(/\.service$/, ''))
    .flatMap((n) => {
      if (!/[*?[]/.test(n)) return [n];
      const re = new RegExp(`^${n.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      return loaded.filter((u) => re.test(u));
    });

function listUnits(ctx: ShellContext, all: boolean): string {
  const units = ctx.host.services().filter((u) => all || u.state !== 'inactive');
  const w = Math.max(...units.map((u) => u.name.length + 8), 4);
  const sub = (u: ServiceUnit) => (u.state === 'active' ? (u.oneshot ? 'exited' : 'running') : u.state === 'failed' ? 'failed' : 'dead');
  const rows = units.map((u) => `${u.state === 'failed' ? '●' : ' '} ${`${u.name}.service`.padEnd(w)} loaded ${u.state.padEnd(8)} ${sub(u).padEnd(7)} ${u.description}`);
  return [
    `  ${'UNIT'.padEnd(w)} LOAD   ACTIVE   SUB     DESCRIPTION`,
    ...rows,
    '',
    'LOAD   = Reflects whether the unit definition was properly loaded.',
    'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.',
    'SUB    = The low-level unit activation state, values depend on unit type.',
    `${units.length} loaded units listed.${all ? '' : ' Pass --all to see loaded but inactive units, too.'}`,
    '',
  ].join('\n');
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const [verb = 'list-units', ...rest] = argv.slice(1).filter((a) => a !== '--no-pager' && a !== '-l' && a !== '--full');
  const units = names(rest, ctx.host.services().map((u) => u.name));
  const host = ctx.host;
  const needUnit = (): CommandResult => ({ stdout: '', stderr: `Too few arguments.\n`, code: 1 });
  switch (verb) {
    case 'status': {
      if (units.length === 0) return { stdout: `● ${host.hostname}\n    State: running\n    Units: ${host.services().length} loaded (incl. loaded aliases)\n     Jobs: 0 queued\n   Failed: ${host.services().filter((u) => u.state === 'failed').length} units\n    Since: ${systemdTime(new Date(host.bootTime))}; ${systemdAgo(new Date(host.bootTime), host.clock())}\n`, stderr: '', code: 0 };
      let stdout = '';
      let stderr = '';
      let code = 0;
      for (const [k, name] of units.entries()) {
        const u = host.service(name);
        if (!u) {
          stderr += `Unit ${name}.service could not be found.\n`;
          code = 4;
          continue;
        }
        stdout += (k && stdout ? '\n' : '') + status(ctx, u);
        if (u.state !== 'active' && code === 0) code = 3;
      }
      return { stdout, stderr, code };
    }
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
    case 'try-restart': {
      if (units.length === 0) return needUnit();
      for (const name of units) {
        const done = verb === 'stop' ? host.stopService(name) : verb === 'start' ? host.startService(name) : host.restartService(name);
        if (!done) {
          const what = verb === 'stop' ? 'stop' : verb === 'start' ? 'start' : verb === 'reload' ? 'reload' : 'restart';
          return { stdout: '', stderr: `Failed to ${what} ${name}.service: Unit ${name}.service not found.\n`, code: 5 };
        }
      }
      return { stdout: '', stderr: '', code: 0 };
    }
    case 'enable':
    case 'disable': {
      if (units.length === 0) return needUnit();
      let stderr = '';
      for (const name of units) {
        const before = host.service(name);
        if (!before) return { stdout: '', stderr: `Failed to ${verb} unit: Unit file ${name}.service does not exist.\n`, code: 1 };
        if (verb === 'enable') {
          host.enableService(name);
          if (!before.enabled) stderr += `Created symlink /etc/systemd/system/multi-user.target.wants/${name}.service → /usr/lib/systemd/system/${name}.service.\n`;
        } else {
          host.disableService(name);
          if (before.enabled) stderr += `Removed "/etc/systemd/system/multi-user.target.wants/${name}.service".\n`;
        }
        if (rest.includes('--now')) {
          if (verb === 'enable') host.startService(name);
          else host.stopService(name);
        }
      }
      return { stdout: '', stderr, code: 0 };
    }
    case 'is-active': {
      if (units.length === 0) return needUnit();
      const states = units.map((n) => host.service(n)?.state ?? 'inactive');
      return { stdout: states.map((s) => `${s}\n`).join(''), stderr: '', code: states.every((s) => s === 'active') ? 0 : 3 };
    }
    case 'is-enabled': {
      if (units.length === 0) return needUnit();
      const found = units.map((n) => host.service(n));
      if (found.some((u) => !u)) return { stdout: '', stderr: `Failed to get unit file state for ${units[found.findIndex((u) => !u)]}.service: No such file or directory\n`, code: 1 };
      const out = found.map((u) => (u?.enabled ? 'enabled' : 'disabled'));
      return { stdout: out.map((s) => `${s}\n`).join(''), stderr: '', code: out.every((s) => s === 'enabled') ? 0 : 1 };
    }
    case 'list-units':
      return { stdout: listUnits(ctx, rest.includes('--all') || rest.includes('-a')), stderr: '', code: 0 };
    case 'daemon-reload':
      return { stdout: '', stderr: '', code: 0 };
    default:
      return { stdout: '', stderr: `Unknown command verb ${verb}.\n`, code: 1 };
  }
}

export const systemctlCommand: ShellCommand = {
  name: 'systemctl',
  path: '/usr/bin/systemctl',
  summary: 'status, start, stop, restart, enable or disable services (neutron-*, openstack-nova-*, httpd, openvswitch, …)',
  run,
};
