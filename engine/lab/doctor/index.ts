import { hostMemoryForFlavors } from './rules/host-memory-for-flavors';
import { imageFormatMismatch } from './rules/image-format-mismatch';
import { networkDown } from './rules/network-down';
import { routerNoInterface } from './rules/router-no-interface';
import { serviceDown } from './rules/service-down';
import { subnetNoDhcp } from './rules/subnet-no-dhcp';
import { routerAgentHost } from './rules/router-agent-host';
import { staleAgents } from './rules/stale-agents';
import { secgroupNoIngress } from './rules/secgroup-no-ingress';
import { routerNoGateway } from './rules/router-no-gateway';
import { instanceNoLease } from './rules/instance-no-lease';
import { quotaExhausted } from './rules/quota-exhausted';
import { policyRefused } from './rules/policy-refused';
import type { DoctorRule, Finding, Probe } from './types';

export type { DoctorRule, Finding, Probe } from './types';

/** Every doctor rule, one per file under rules/. */
export const RULES: DoctorRule[] = [serviceDown, hostMemoryForFlavors, routerNoInterface, imageFormatMismatch, networkDown, subnetNoDhcp, routerAgentHost, staleAgents, secgroupNoIngress, routerNoGateway, instanceNoLease, quotaExhausted, policyRefused];

/** Runs the rules (all, or those named) and returns what they found. */
export async function diagnose(probe: Probe, only?: string[]): Promise<{ rule: string; findings: Finding[] }[]> {
  // the rules only read, and several read the same thing (`openstack router list`, the agent list):
  // within one run each command line runs once, as a student would look once and scroll back
  const seen = new Map<string, ReturnType<Probe>>();
  const once: Probe = (line) => {
    let r = seen.get(line);
    if (!r) seen.set(line, (r = probe(line)));
    return r;
  };
  const out: { rule: string; findings: Finding[] }[] = [];
  for (const rule of RULES) {
    if (only && !only.includes(rule.id)) continue;
    out.push({ rule: rule.id, findings: await rule.check(once) });
  }
  return out;
}
