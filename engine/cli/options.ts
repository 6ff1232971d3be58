import { InvalidArgumentError, Option } from 'commander';
import { defaultDataDir } from '../core/config';
import { familyOf, parsePrefix } from '../core/net/ip';

/** `--data-dir DIR`, shared by every verb: the lab to act on. */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'the lab\'s data directory').default(defaultDataDir(), '~/.stacklab/labs/default');
}

export function parsePortOffset(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 50000) throw new InvalidArgumentError('must be an integer from 0 to 50000');
  return n;
}

/** A simulated host's RAM in MiB: 1 GiB to 1 TiB. */
export function parseHostMemory(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1024 || n > 1048576) throw new InvalidArgumentError('must be a whole number of MiB from 1024 to 1048576');
  return n;
}

export function parseNic(v: string): string {
  if (!/^[a-zA-Z][\w.-]{0,14}$/.test(v)) throw new InvalidArgumentError('must be an interface name (letters, digits, . _ -, at most 15 characters)');
  return v;
}

export function parseHostCidr(v: string): string {
  const p = v.includes('/') ? parsePrefix(v) : undefined;
  if (!p || p.family !== 4 || p.len < 8 || p.len > 30) throw new InvalidArgumentError('must be an IPv4 address with its prefix, e.g. 10.0.2.15/24');
  return v;
}

export function parseGateway(v: string): string {
  if (familyOf(v) !== 4) throw new InvalidArgumentError('must be an IPv4 address, e.g. 10.0.2.1');
  return v;
}
