import { InvalidArgumentError, Option } from 'commander';
import { defaultDataDir } from '../core/config';

/** `--data-dir DIR`, shared by every verb: the lab to act on. */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'the lab\'s data directory').default(defaultDataDir(), '~/.stacklab/labs/default');
}

export function parsePortOffset(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 50000) throw new InvalidArgumentError('must be an integer from 0 to 50000');
  return n;
}
