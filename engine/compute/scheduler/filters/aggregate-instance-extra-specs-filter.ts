import type { HostFilter, HostState, RequestSpec } from '../types';

const SCOPE = 'aggregate_instance_extra_specs:';

/**
 * Passes hosts whose aggregates' metadata match the flavor's extra specs scoped
 * `aggregate_instance_extra_specs:` (and unscoped ones, as Nova still reads them); a value may list
 * alternatives (`<or> a <or> b`) or be compared with `=`/`s==`/`<in>`.
 */
export class AggregateInstanceExtraSpecsFilter implements HostFilter {
  readonly name = 'AggregateInstanceExtraSpecsFilter';

  hostPasses(host: HostState, spec: RequestSpec): boolean {
    const specs = spec.flavor.extra_specs ?? {};
    const metadata = new Map<string, Set<string>>();
    for (const a of host.aggregates)
      for (const [k, v] of Object.entries(a.metadata)) {
        const set = metadata.get(k) ?? new Set<string>();
        set.add(v);
        metadata.set(k, set);
      }
    for (const [rawKey, wanted] of Object.entries(specs)) {
      const parts = rawKey.split(':');
      let key: string;
      if (rawKey.startsWith(SCOPE)) key = rawKey.slice(SCOPE.length);
      else if (parts.length > 1) continue; // another scope: not ours
      else key = rawKey;
      const have = metadata.get(key);
      if (!have) return false;
      if (![...have].some((v) => matches(v, wanted))) return false;
    }
    return true;
  }
}

/** nova/scheduler/filters/extra_specs_ops.py's operators, for the common ones. */
export function matches(value: string, req: string): boolean {
  const words = req.trim().split(/\s+/);
  const op = words[0];
  const num = (s: string) => Number(s);
  switch (op) {
    case '=':
      return num(value) >= num(words[1]);
    case 's==':
      return value === words[1];
    case 's!=':
      return value !== words[1];
    case '<in>':
      return value.includes(words.slice(1).join(' '));
    case '<all-in>':
      return words.slice(1).every((w) => value.split(/\s+/).includes(w));
    case '<or>':
      return req.split('<or>').map((s) => s.trim()).filter(Boolean).includes(value);
    case '==':
      return num(value) === num(words[1]);
    case '!=':
      return num(value) !== num(words[1]);
    case '>=':
      return num(value) >= num(words[1]);
    case '<=':
      return num(value) <= num(words[1]);
    default:
      return value === req.trim();
  }
}
