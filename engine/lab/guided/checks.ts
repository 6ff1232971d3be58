/**
 * Running a guided lab's checks against the real lab: references like {router:R2} are looked up
 * through the APIs first (a missing resource fails the check with that reason), then each check
 * reads the APIs or the host shell.
 */
import { diagnose } from '../doctor';
import type { CheckResult, GuidedCheck, GuidedStep, LabReader, StepResult } from './types';

export class MissingReference extends Error {
  override name = 'MissingReference';
}

type Item = Record<string, unknown>;

async function list(reader: LabReader, service: string, path: string, key: string): Promise<Item[]> {
  const body = (await reader.get(service, path)) as Record<string, unknown>;
  const items = body?.[key];
  return Array.isArray(items) ? (items as Item[]) : [];
}

async function one(reader: LabReader, what: string, name: string, service: string, path: string, key: string): Promise<Item> {
  const found = (await list(reader, service, path, key)).filter((i) => i.name === name);
  if (found.length === 0) throw new MissingReference(`there is no ${what} named ${name}`);
  return found[0];
}

/** The kinds of {kind:name} references a check may use. */
const RESOLVERS: Record<string, (reader: LabReader, name: string) => Promise<string>> = {
  project: async (r, n) => String((await one(r, 'project', n, 'identity', `/v3/projects?name=${encodeURIComponent(n)}`, 'projects')).id),
  user: async (r, n) => String((await one(r, 'user', n, 'identity', `/v3/users?name=${encodeURIComponent(n)}`, 'users')).id),
  network: async (r, n) => String((await one(r, 'network', n, 'network', `/v2.0/networks?name=${encodeURIComponent(n)}`, 'networks')).id),
  router: async (r, n) => String((await one(r, 'router', n, 'network', `/v2.0/routers?name=${encodeURIComponent(n)}`, 'routers')).id),
  secgroup: async (r, n) => String((await one(r, 'security group', n, 'network', `/v2.0/security-groups?name=${encodeURIComponent(n)}`, 'security_groups')).id),
  server: async (r, n) => String((await one(r, 'server', n, 'compute', `/servers?name=${encodeURIComponent(n)}&all_tenants=1`, 'servers')).id),
  image: async (r, n) => String((await one(r, 'image', n, 'image', `/v2/images?name=${encodeURIComponent(n)}`, 'images')).id),
  server_ip: async (r, n) => {
    const server = await one(r, 'server', n, 'compute', `/servers/detail?name=${encodeURIComponent(n)}&all_tenants=1`, 'servers');
    const addresses = Object.values((server.addresses ?? {}) as Record<string, Item[]>).flat();
    const fixed = addresses.find((a) => a['OS-EXT-IPS:type'] !== 'floating' && a.version === 4);
    if (!fixed) throw new MissingReference(`server ${n} has no IPv4 address yet`);
    return String(fixed.addr);
  },
  floating_ip: async (r, n) => {
    const ip = await RESOLVERS.server_ip(r, n);
    const fips = await list(r, 'network', `/v2.0/floatingips?fixed_ip_address=${encodeURIComponent(ip)}`, 'floatingips');
    if (!fips.length) throw new MissingReference(`server ${n} has no floating IP`);
    return String(fips[0].floating_ip_address);
  },
};

/** Replaces every {kind:name} in `text`; throws MissingReference for one that does not exist. */
export async function resolveRefs(text: string, reader: LabReader, cache = new Map<string, string>()): Promise<string> {
  const refs = [...text.matchAll(/\{([a-z_]+):([^{}]+)\}/g)];
  let out = text;
  for (const [whole, kind, name] of refs) {
    const resolve = RESOLVERS[kind];
    if (!resolve) throw new Error(`unknown reference kind ${kind} in ${text}`);
    if (!cache.has(whole)) cache.set(whole, await resolve(reader, name));
    out = out.replace(whole, cache.get(whole)!);
  }
  return out;
}

/** The values at a dotted path; arrays on the way are searched element by element. */
function valuesAt(item: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [item];
  if (Array.isArray(item)) return item.flatMap((x) => valuesAt(x, path));
  if (item === null || typeof item !== 'object') return [];
  return valuesAt((item as Item)[path[0]], path.slice(1));
}

function matches(item: Item, where: Record<string, string | number | boolean>, expected: Record<string, string>): boolean {
  return Object.entries(where).every(([key, want]) => {
    const got = valuesAt(item, key.split('.'));
    if (want === '*') return got.some((v) => v !== null && v !== undefined && v !== '');
    if (typeof want === 'string' && /^>\d+$/.test(want)) return got.some((v) => Number(v) > Number(want.slice(1)));
    const w = typeof want === 'string' ? (expected[key] ?? want) : want;
    return got.some((v) => v === w || String(v) === String(w));
  });
}

async function runCheck(check: GuidedCheck, reader: LabReader, cache: Map<string, string>): Promise<CheckResult> {
  try {
    if ('find' in check) {
      const { service, list: key, where = {} } = check.find;
      const path = await resolveRefs(check.find.path, reader, cache);
      const expected: Record<string, string> = {};
      for (const [k, v] of Object.entries(where)) if (typeof v === 'string' && v.includes('{')) expected[k] = await resolveRefs(v, reader, cache);
      const items = await list(reader, service, path, key);
      const ok = items.some((i) => matches(i, where, expected));
      return { what: check.what, ok, detail: ok ? undefined : items.length ? `none of the ${items.length} ${key.replace(/_/g, ' ')} found matches` : `no ${key.replace(/_/g, ' ')} found` };
    }
    if ('doctor' in check) {
      // the doctor's rules read the lab with the admin's credentials, as `stacklab doctor` does
      await reader.host('source /root/keystonerc_admin');
      const found = (await diagnose((line) => reader.host(line), check.doctor.rules)).flatMap((r) => r.findings);
      return { what: check.what, ok: found.length === 0, detail: found.length ? found.map((f) => f.symptom).join(' ') : undefined };
    }
    const line = await resolveRefs(check.host.line, reader, cache);
    const r = await reader.host(line);
    if (r.code !== 0) return { what: check.what, ok: false, detail: `\`${line}\` exited ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}` };
    if (check.host.output && !new RegExp(check.host.output, 'm').test(r.stdout)) return { what: check.what, ok: false, detail: `\`${line}\` printed ${JSON.stringify(r.stdout.trim().slice(0, 80))}` };
    return { what: check.what, ok: true };
  } catch (error) {
    if (error instanceof MissingReference) return { what: check.what, ok: false, detail: error.message };
    throw error;
  }
}

/** Runs every check of a step (all of them, so the student sees each one's state). */
export async function checkStep(step: GuidedStep, reader: LabReader): Promise<StepResult> {
  const cache = new Map<string, string>();
  const checks: CheckResult[] = [];
  for (const c of step.checks) checks.push(await runCheck(c, reader, cache));
  return { id: step.id, title: step.title, ok: checks.every((c) => c.ok), checks };
}
