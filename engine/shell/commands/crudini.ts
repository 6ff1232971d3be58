/**
 * `crudini --set FILE SECTION PARAM [VALUE]`, `--get FILE [SECTION] [PARAM]`, `--del FILE SECTION
 * [PARAM]`: edits the host's INI config files (nova.conf, neutron.conf, the agents' *.ini) in
 * place, keeping their comments and order. The services read them when they (re)start.
 */
import { iniDel, iniGet, iniKeys, iniSections, iniSet } from '../../host/ini';
import type { CommandResult, ShellCommand, ShellContext } from '../types';

const USAGE = 'A utility for manipulating ini files\n\nUsage: crudini --set [OPTION]...   config_file section   [param] [value]\n  or:  crudini --get [OPTION]...   config_file [section] [param]\n  or:  crudini --del [OPTION]...   config_file section   [param] [list value]\n';

function run(ctx: ShellContext, argv: string[]): CommandResult {
  const args = argv.slice(1);
  const modes = args.filter((a) => a === '--set' || a === '--get' || a === '--del');
  const existing = args.includes('--existing');
  const unknown = args.find((a) => a.startsWith('--') && !['--set', '--get', '--del', '--existing'].includes(a));
  if (unknown) return { stdout: '', stderr: `crudini: unrecognized option '${unknown}'\n${USAGE}`, code: 1 };
  const rest = args.filter((a) => !a.startsWith('--'));
  if (modes.length !== 1) return { stdout: '', stderr: `crudini: Please specify one of --set, --get or --del\n${USAGE}`, code: 1 };
  const mode = modes[0];
  const [file, section, param, ...value] = rest;
  if (!file) return { stdout: '', stderr: `crudini: A file must be specified\n${USAGE}`, code: 1 };
  const path = ctx.shell.resolvePath(file);
  const st = ctx.fs.stat(path);
  if (st?.type === 'dir') return { stdout: '', stderr: `crudini: ${file}: Is a directory\n`, code: 1 };
  const text = st ? (ctx.fs.read(path)?.toString('utf8') ?? '') : undefined;
  if (mode === '--get') {
    if (text === undefined) return { stdout: '', stderr: `crudini: ${file}: No such file or directory\n`, code: 1 };
    if (section === undefined) return { stdout: iniSections(text).map((s) => `${s}\n`).join(''), stderr: '', code: 0 };
    const keys = iniKeys(text, section);
    if (keys === undefined) return { stdout: '', stderr: `Section not found: ${section}\n`, code: 1 };
    if (param === undefined) return { stdout: keys.map((k) => `${k}\n`).join(''), stderr: '', code: 0 };
    const v = iniGet(text, section, param);
    if (v === undefined) return { stdout: '', stderr: `Parameter not found: ${param}\n`, code: 1 };
    return { stdout: `${v}\n`, stderr: '', code: 0 };
  }
  if (!section) return { stdout: '', stderr: `crudini: A section must be specified\n${USAGE}`, code: 1 };
  if (mode === '--set') {
    if (param === undefined) {
      // a section alone
      if (text !== undefined && iniKeys(text, section) !== undefined) return { stdout: '', stderr: '', code: 0 };
      if (existing) return { stdout: '', stderr: `Section not found: ${section}\n`, code: 1 };
      return write(ctx, path, file, `${text ?? ''}${text && !text.endsWith('\n\n') ? '\n' : ''}[${section}]\n`);
    }
    if (existing) {
      if (text === undefined) return { stdout: '', stderr: `crudini: ${file}: No such file or directory\n`, code: 1 };
      if (iniKeys(text, section) === undefined) return { stdout: '', stderr: `Section not found: ${section}\n`, code: 1 };
      if (iniGet(text, section, param) === undefined) return { stdout: '', stderr: `Parameter not found: ${param}\n`, code: 1 };
    }
    return write(ctx, path, file, iniSet(text ?? '', section, param, value.join(' ')));
  }
  // --del
  if (text === undefined) return existing ? { stdout: '', stderr: `crudini: ${file}: No such file or directory\n`, code: 1 } : { stdout: '', stderr: '', code: 0 };
  const r = iniDel(text, section, param);
  if (!r.changed) {
    if (existing) return { stdout: '', stderr: param === undefined ? `Section not found: ${section}\n` : `Parameter not found: ${param}\n`, code: 1 };
    return { stdout: '', stderr: '', code: 0 };
  }
  return write(ctx, path, file, r.text);
}

function write(ctx: ShellContext, path: string, file: string, text: string): CommandResult {
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (ctx.fs.stat(parent)?.type !== 'dir') return { stdout: '', stderr: `crudini: ${file}: No such file or directory\n`, code: 1 };
  const err = ctx.fs.write(path, text);
  if (err) return { stdout: '', stderr: `crudini: ${file}: ${err === 'EACCES' ? 'Permission denied' : err}\n`, code: 1 };
  return { stdout: '', stderr: '', code: 0 };
}

export const crudiniCommand: ShellCommand = { name: 'crudini', path: '/usr/bin/crudini', summary: 'get, set or delete an option of an INI config file (crudini --set FILE SECTION KEY VALUE)', run };
