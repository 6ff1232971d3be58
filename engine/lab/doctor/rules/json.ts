import type { Probe } from '../types';

/** Runs an `openstack … -f json` line; its parsed output (undefined when it failed) and raw text. */
export async function osJson<T>(probe: Probe, line: string): Promise<{ value: T | undefined; output: string }> {
  const r = await probe(line);
  if (r.code !== 0) return { value: undefined, output: r.stderr };
  try {
    return { value: JSON.parse(r.stdout) as T, output: r.stdout };
  } catch {
    return { value: undefined, output: r.stdout };
  }
}

export type Row = Record<string, unknown>;
