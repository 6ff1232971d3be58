import type { DoctorRule, Finding } from '../types';

/** The units the cloud cannot work without (httpd, Horizon, is optional: stopping it is a fix). */
const UNITS: { unit: string; symptom: string }[] = [
  { unit: 'neutron-server', symptom: 'Networking API calls fail.' },
  { unit: 'neutron-openvswitch-agent', symptom: 'New ports stay DOWN and the agent shows XXX in `openstack network agent list`.' },
  { unit: 'neutron-dhcp-agent', symptom: 'Instances get no address by DHCP; the DHCP agent shows XXX.' },
  { unit: 'neutron-l3-agent', symptom: 'Routers and floating IPs stop answering; the L3 agent shows XXX.' },
  { unit: 'neutron-metadata-agent', symptom: 'Instances cannot reach the metadata service.' },
  { unit: 'openstack-nova-compute', symptom: 'Instances cannot be built: the compute service is down.' },
  { unit: 'openstack-nova-scheduler', symptom: 'Instances stay in BUILD or fail scheduling.' },
  { unit: 'openstack-nova-conductor', symptom: 'Instances stay in BUILD.' },
  { unit: 'openstack-glance-api', symptom: 'Image API calls fail.' },
];

/** An OpenStack service unit that is not running on the host. */
export const serviceDown: DoctorRule = {
  id: 'service-down',
  async check(probe) {
    const findings: Finding[] = [];
    for (const { unit, symptom } of UNITS) {
      const r = await probe(`systemctl is-active ${unit}`);
      const state = r.stdout.trim();
      if (state === 'active') continue;
      findings.push({
        id: 'service-down',
        severity: 'error',
        symptom,
        cause: `${unit} is ${state || 'not running'} on the host.`,
        evidence: [{ command: `systemctl is-active ${unit}`, output: r.stdout }],
        fix: [`systemctl start ${unit}`, `systemctl status ${unit}`],
      });
    }
    return findings;
  },
};
