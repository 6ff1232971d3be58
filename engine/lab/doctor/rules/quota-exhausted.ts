import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** Nova's absolute limits a server create is checked against, with what `quota set` calls them. */
const LIMITS: { max: string; used: string; what: string; option: string }[] = [
  { max: 'maxTotalInstances', used: 'totalInstancesUsed', what: 'instances', option: '--instances' },
  { max: 'maxTotalCores', used: 'totalCoresUsed', what: 'cores', option: '--cores' },
  { max: 'maxTotalRAMSize', used: 'totalRAMUsed', what: 'ram', option: '--ram' },
];

/** A project whose compute quota is used up: its next `openstack server create` fails with 403 "Quota exceeded …". */
export const quotaExhausted: DoctorRule = {
  id: 'quota-exhausted',
  async check(probe) {
    const { value: projects } = await osJson<Row[]>(probe, 'openstack project list -f json');
    const findings: Finding[] = [];
    for (const p of projects ?? []) {
      const name = String(p.Name);
      const line = `openstack limits show --absolute --project ${name} -f json`;
      const limits = await osJson<Row[]>(probe, line);
      const v = new Map((limits.value ?? []).map((r) => [String(r.Name), Number(r.Value)]));
      const full = LIMITS.filter((l) => {
        const max = v.get(l.max);
        const used = v.get(l.used);
        return max !== undefined && used !== undefined && max >= 0 && used >= max;
      });
      if (!full.length) continue;
      const quotaLine = `openstack quota show ${name} -f json -c instances -c cores -c ram`;
      const quota = await probe(quotaLine);
      const shown = full.map((l) => `${l.what} ${v.get(l.used)} of ${v.get(l.max)}`).join(', ');
      findings.push({
        id: 'quota-exhausted',
        severity: 'error',
        symptom: `New instances in project ${name} fail with HTTP 403 "Quota exceeded for ${full.map((l) => l.what).join(', ')}: …".`,
        cause: `Project ${name} has used all of its compute quota: ${shown}.`,
        evidence: [
          { command: line, output: JSON.stringify((limits.value ?? []).filter((r) => full.some((l) => l.max === r.Name || l.used === r.Name)), null, 2) },
          { command: quotaLine, output: quota.stdout || quota.stderr },
        ],
        fix: [
          ...full.map((l) => `openstack quota set ${l.option} ${l.what === 'ram' ? (v.get(l.max) ?? 0) * 2 : Math.max(10, (v.get(l.max) ?? 0) * 2)} ${name}`),
          `openstack server delete <an instance of ${name} no longer needed>`,
        ],
      });
    }
    return findings;
  },
};
