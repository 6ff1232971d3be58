import type { DoctorRule, Finding, Probe } from '../types';
import { osJson, type Row } from './json';

/** MEMORY_MB's allocation_ratio in Placement for this host's compute node (1 when it cannot be read). */
async function memoryAllocationRatio(probe: Probe): Promise<number> {
  const host = (await probe('hostname')).stdout.trim();
  const { value: rps } = await osJson<Row[]>(probe, 'openstack resource provider list -f json');
  const rp = (rps ?? []).find((r) => r.name === host);
  if (!rp) return 1;
  const { value: inv } = await osJson<Row>(probe, `openstack resource provider inventory show ${String(rp.uuid)} MEMORY_MB -f json`);
  const ratio = Number(inv?.allocation_ratio);
  return Number.isFinite(ratio) ? ratio : 1;
}

/** The smallest flavor students boot in the labs: m1.small (2 GiB). */
const FLAVOR = 'm1.small';

/**
 * The seeds' NoValidHost: on an 8 GiB all-in-one VM Horizon's httpd holds so much memory that the
 * host has less available than m1.small asks, so every build of it fails.
 */
export const hostMemoryForFlavors: DoctorRule = {
  id: 'host-memory-for-flavors',
  async check(probe) {
    const free = await probe('free -m');
    const m = /^Mem:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(free.stdout);
    if (!m) return [];
    const available = Number(m[6]);
    const flavor = await probe(`openstack flavor show ${FLAVOR} -f value -c ram`);
    const ram = Number(flavor.stdout.trim());
    const need = flavor.code === 0 && Number.isFinite(ram) && ram > 0 ? ram : 2048;
    if (available >= need) return [];
    // a compute node set to overcommit RAM (Placement's MEMORY_MB allocation_ratio > 1, from
    // ram_allocation_ratio in nova.conf at nova-compute's start) backs the guest with swap too
    const swap = /^Swap:\s+(\d+)\s+(\d+)\s+(\d+)/m.exec(free.stdout);
    if (swap && available + Number(swap[3]) >= need && (await memoryAllocationRatio(probe)) > 1) return [];
    const httpd = await probe('systemctl is-active httpd');
    const httpdActive = httpd.stdout.trim() === 'active';
    const finding: Finding = {
      id: 'host-memory-for-flavors',
      severity: 'error',
      symptom: `Instances of ${FLAVOR} go to ERROR: "No valid host was found" / "Exceeded maximum number of retries".`,
      cause: httpdActive
        ? `The host has ${available} MiB available but ${FLAVOR} needs ${need} MiB: Horizon's httpd holds the memory.`
        : `The host has ${available} MiB available but ${FLAVOR} needs ${need} MiB.`,
      evidence: [
        { command: 'free -m', output: free.stdout },
        { command: `openstack flavor show ${FLAVOR} -f value -c ram`, output: flavor.stdout || flavor.stderr },
        { command: 'systemctl is-active httpd', output: httpd.stdout },
      ],
      fix: httpdActive ? ['systemctl stop httpd', 'free -m'] : ['free -m', 'openstack flavor list'],
    };
    return [finding];
  },
};
