/** `free [-m|-g|-k|-h]` (procps-ng) from the sim host's memory figures. */
import type { CommandResult, ShellCommand, ShellContext } from '../types';

function human(mb: number): string {
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)}Gi`;
  return `${mb}Mi`;
}

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  let unit: 'k' | 'm' | 'g' | 'h' = 'k';
  for (const a of args) {
    if (a === '-m' || a === '--mega' || a === '--mebi') unit = 'm';
    else if (a === '-g' || a === '--giga' || a === '--gibi') unit = 'g';
    else if (a === '-k' || a === '--kilo' || a === '--kibi') unit = 'k';
    else if (a === '-h' || a === '--human') unit = 'h';
    else if (a === '-t' || a === '--total' || a === '-w' || a === '--wide') continue;
    else return { stdout: '', stderr: `free: invalid option -- '${a.replace(/^-+/, '')}'\n`, code: 1 };
  }
  const m = ctx.host.memory();
  const fmt = (mb: number) => (unit === 'h' ? human(mb) : unit === 'm' ? String(mb) : unit === 'g' ? String(Math.floor(mb / 1024)) : String(mb * 1024));
  const row = (label: string, values: number[]) => `${label.padEnd(8)}${values.map((v) => fmt(v).padStart(12)).join('')}`.trimEnd();
  const header = `${' '.repeat(8)}${['total', 'used', 'free', 'shared', 'buff/cache', 'available'].map((h) => h.padStart(12)).join('')}`;
  const stdout = [
    header,
    row('Mem:', [m.totalMb, m.usedMb, m.freeMb, m.sharedMb, m.buffCacheMb, m.availableMb]),
    row('Swap:', [m.swapTotalMb, m.swapUsedMb, m.swapFreeMb]),
    '',
  ].join('\n');
  return { stdout, stderr: '', code: 0 };
}

export const freeCommand: ShellCommand = { name: 'free', path: '/usr/bin/free', summary: 'show memory use (free -m)', run };
