import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

const LOG = '/var/log/nova/nova-api.log';

/** `<date> <time> <pid> <LEVEL> <logger> [None req-… <user> <project> - - default default] <message>` */
const LINE = /^(\S+ \S+) \d+ \w+ (\S+) \[None (req-\S+) (\S+) (\S+) [^\]]*\] (.*)$/;

interface Refusal { at: string; requestId: string; user: string; project: string; message: string; rule: string; request?: string }

/**
 * A Nova API call refused by policy (HTTP 403 "Policy doesn't allow … to be performed.") that has
 * not succeeded since: a non-admin token (keystonerc_demo) asked for an admin operation. Read from
 * nova-api.log; the caller's roles from Keystone's role assignments.
 */
export const policyRefused: DoctorRule = {
  id: 'policy-refused',
  async check(probe) {
    const grepLine = `grep "Policy doesn't allow" ${LOG}`;
    const refusedOut = await probe(grepLine);
    if (refusedOut.code !== 0 || !refusedOut.stdout.trim()) return [];
    const reqLine = `grep "nova.osapi_compute.wsgi.server" ${LOG}`;
    const requests = (await probe(reqLine)).stdout.split('\n');
    // request id → "METHOD path", and every request in order with its status
    const byId = new Map<string, string>();
    const served: { at: string; request: string; status: number }[] = [];
    for (const l of requests) {
      const m = LINE.exec(l);
      const r = m && /"(\S+ \S+) HTTP\/1\.1" status: (\d+)/.exec(m[6]);
      if (!m || !r) continue;
      byId.set(m[3], r[1]);
      served.push({ at: m[1], request: r[1], status: Number(r[2]) });
    }
    // the latest refusal per rule, unless the same request succeeded after it
    const open = new Map<string, Refusal>();
    for (const l of refusedOut.stdout.split('\n')) {
      const m = LINE.exec(l);
      const rule = m && /Policy doesn't allow (\S+) to be performed\./.exec(m[6]);
      if (!m || !rule) continue;
      open.set(rule[1], { at: m[1], requestId: m[3], user: m[4], project: m[5], message: rule[0], rule: rule[1], request: byId.get(m[3]) });
    }
    const findings: Finding[] = [];
    for (const r of open.values()) {
      if (r.request && served.some((s) => s.request === r.request && s.at >= r.at && s.status < 400)) continue;
      const user = await osJson<Row>(probe, `openstack user show ${r.user} -f json -c name`);
      const project = await osJson<Row>(probe, `openstack project show ${r.project} -f json -c name`);
      const userName = String(user.value?.name ?? r.user);
      const projectName = String(project.value?.name ?? r.project);
      const rolesLine = `openstack role assignment list --user ${userName} --project ${projectName} --names -f json`;
      const roles = await osJson<Row[]>(probe, rolesLine);
      const names = (roles.value ?? []).map((a) => String(a.Role).split('@')[0]).sort();
      const admin = names.includes('admin');
      findings.push({
        id: 'policy-refused',
        severity: 'warning',
        symptom: `${r.request ? `"${r.request}"` : 'A Nova API call'} by user ${userName} failed with HTTP 403 "${r.message}"`,
        cause: `User ${userName} is assigned the role(s) ${names.join(', ') || 'none'} on project ${projectName}${admin ? ', admin among them, yet' : ', not admin:'} Nova's policy rule ${r.rule} refused the token.`,
        evidence: [
          { command: grepLine, output: refusedOut.stdout.split('\n').filter((l) => l.includes(r.requestId)).join('\n') },
          { command: rolesLine, output: roles.output },
        ],
        fix: [
          'source keystonerc_admin   (then run the command again as admin)',
          `openstack role add --user ${userName} --project ${projectName} admin   (only if ${userName} must administer: admin on any project is admin over the whole cloud)`,
        ],
      });
    }
    return findings;
  },
};
