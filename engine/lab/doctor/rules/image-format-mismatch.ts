import type { DoctorRule, Finding } from '../types';
import { osJson, type Row } from './json';

/** Formats whose header Glance reads to compute virtual_size while it stores the bytes. */
const HEADERED = ['qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi'];

/**
 * An image declared with a headered disk_format whose bytes are not that format (an HTML page saved
 * by `curl -o`, a raw disk called qcow2): Glance could not read its virtual size, and an instance
 * booted from it stops at "No bootable device".
 */
export const imageFormatMismatch: DoctorRule = {
  id: 'image-format-mismatch',
  async check(probe) {
    const { value: images } = await osJson<Row[]>(probe, 'openstack image list --long -f json');
    const findings: Finding[] = [];
    for (const i of images ?? []) {
      const fmt = String(i['Disk Format'] ?? '');
      if (!HEADERED.includes(fmt) || i.Status !== 'active') continue;
      const line = `openstack image show ${String(i.ID)} -f json -c name -c disk_format -c size -c virtual_size`;
      const shown = await osJson<Row>(probe, line);
      if (!shown.value || (shown.value.virtual_size !== null && shown.value.virtual_size !== undefined)) continue;
      findings.push({
        id: 'image-format-mismatch',
        severity: 'error',
        symptom: `Instances booted from image ${String(i.Name)} stop at "No bootable device".`,
        cause: `Image ${String(i.Name)} is declared ${fmt} but its ${String(shown.value.size)} bytes are not a ${fmt} disk (no virtual size could be read).`,
        evidence: [{ command: line, output: shown.output }],
        fix: [`openstack image delete ${String(i.Name)}`, 'curl -L -o cirros.img <the image URL>', `openstack image create --disk-format ${fmt} --container-format bare --file cirros.img ${String(i.Name)}`],
      });
    }
    return findings;
  },
};
