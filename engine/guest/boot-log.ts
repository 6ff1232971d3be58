/**
 * The serial console transcript of an emulated CirrOS 0.6.2 boot, written from the guest's own
 * data (addresses from its ports, DHCP or not, metadata, host key), and the firmware's complaint
 * when the disk does not boot. Lines without line endings; the console adds CRLF.
 */
import { CIRROS_VERSION, ec2Id, FALLBACK_HOSTNAME, guestHostname, guestRoutes, hasMetadata, hostKey, KERNEL, KERNEL_BUILD, METADATA_IP, nicFacts, unit } from './facts';
import type { GuestSpec } from './types';

const BANNER = ['  ____               ____  ____', ' / __/ __ ____ ____ / __ \\/ __/', '/ /__ / // __// __// /_/ /\\ \\ ', '\\___//_//_/  /_/   \\____/___/ ', '   http://cirros-cloud.net'];

/** `[    1.234567] text`, the kernel's timestamped line. */
const k = (t: number, text: string): string => `[${t.toFixed(6).padStart(12)}] ${text}`;

/** `vdb` → `253:16` (virtio-blk minors step by 16 per disk). */
export const majMin = (dev: string): string => `253:${(dev.charCodeAt(2) - 'a'.charCodeAt(0)) * 16}`;

/** The kernel's line for a virtio disk coming up (`virtio_blk virtio4: [vdb] 2097152 512-byte logical blocks (1.07 GB/1.00 GiB)`). */
export function virtioBlkLine(dev: string, sizeGb: number, virtioIndex: number): string {
  return `virtio_blk virtio${virtioIndex}: [${dev}] ${sizeGb * 2097152} 512-byte logical blocks (${(sizeGb * 1.073741824).toFixed(2)} GB/${sizeGb.toFixed(2)} GiB)`;
}

/** What the kernel logs when a virtio disk is hot-plugged (the PCI slot, the device, its size). */
export function hotplugLines(dev: string, sizeGb: number, uptime: number, slot: number): string[] {
  const hex = slot.toString(16).padStart(2, '0');
  return [
    k(uptime, `pci 0000:00:${hex}.0: [1af4:1001] type 00 class 0x010000`),
    k(uptime + 0.000412, `pci 0000:00:${hex}.0: reg 0x10: [io  0x0000-0x007f]`),
    k(uptime + 0.000871, `pci 0000:00:${hex}.0: reg 0x14: [mem 0x00000000-0x00000fff]`),
    k(uptime + 0.003307, `pci 0000:00:${hex}.0: BAR 4: assigned [mem 0x440000000-0x440003fff 64bit pref]`),
    k(uptime + 0.005932, `virtio-pci 0000:00:${hex}.0: enabling device (0000 -> 0003)`),
    k(uptime + 0.021544, virtioBlkLine(dev, sizeGb, slot - 3)),
  ];
}

/** What the kernel logs when a virtio disk grows under it (the host extended the volume). */
export function resizeLines(dev: string, fromGb: number, toGb: number, uptime: number, virtioIndex: number): string[] {
  return [
    k(uptime, `virtio_blk virtio${virtioIndex}: [${dev}] new size: ${toGb * 2097152} 512-byte logical blocks (${(toGb * 1.073741824).toFixed(2)} GB/${toGb.toFixed(2)} GiB)`),
    k(uptime + 0.000135, `${dev}: detected capacity change from ${fromGb * 2097152} to ${toGb * 2097152}`),
  ];
}

/** Whether the image's bytes boot (an image nobody inspected is taken to be a good CirrOS). */
export const bootable = (spec: GuestSpec): boolean => spec.inspection?.bootable ?? true;

/** What SeaBIOS prints when the disk has no boot sector, and nothing after it. */
export function noBootableDevice(spec: GuestSpec): string[] {
  return ['SeaBIOS (version 1.16.0-4.module_el8+stacklab)', `Machine UUID ${spec.serverId}`, 'Booting from Hard Disk...', 'Boot failed: not a bootable disk', '', 'No bootable device.'];
}

export interface BootLog {
  lines: string[];
  /** The uptime (seconds) the transcript ends at. */
  uptime: number;
}

/** A whole CirrOS boot, up to and including the login prompt. */
export function cirrosBoot(spec: GuestSpec, bootNumber = 1): BootLog {
  const seed = `${spec.serverId}#${bootNumber}`;
  const jit = (n: number, spread = 0.3) => n + unit(`${seed}:${n}`) * spread;
  const ramKb = spec.ramMb * 1024;
  const facts = nicFacts(spec);
  const routes = guestRoutes(spec);
  const metadata = hasMetadata(spec);
  const lines: string[] = [];

  lines.push(
    k(0, `Linux version ${KERNEL} (buildd@lcy02-amd64-044) (gcc (Ubuntu 11.3.0-1ubuntu1~22.04) 11.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38) ${KERNEL_BUILD} (Ubuntu 5.15.0-71.78-generic 5.15.92)`),
    k(0, `Command line: BOOT_IMAGE=/boot/vmlinuz-${KERNEL} root=LABEL=cirros-rootfs ro console=tty1 console=ttyS0`),
    k(0, 'BIOS-provided physical RAM map:'),
    k(0, 'BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable'),
    k(0, `BIOS-e820: [mem 0x0000000000100000-0x${(spec.ramMb * 1024 * 1024 - 0x25001).toString(16).padStart(16, '0')}] usable`),
    k(0, 'DMI: OpenStack Foundation OpenStack Nova, BIOS 1.16.0-4.module_el8 04/01/2014'),
    k(0, 'Hypervisor detected: KVM'),
    k(0.001, `Memory: ${ramKb - 81000}K/${ramKb - 380}K available (16393K kernel code, 4356K rwdata, 10268K rodata, 3216K init, 6568K bss, 80620K reserved, 0K cma-reserved)`),
    k(0.002, `SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=${spec.vcpus}, Nodes=1`),
    k(jit(0.31), `smpboot: Total of ${spec.vcpus} processors activated`),
    k(jit(0.62), 'Serial: 8250/16550 driver, 32 ports, IRQ sharing enabled'),
    k(jit(0.64), 'serial8250: ttyS0 at I/O 0x3f8 (irq = 4, base_baud = 115200) is a 16550A'),
    k(jit(0.9), `virtio_blk virtio2: [vda] ${spec.diskGb * 2097152} 512-byte logical blocks (${(spec.diskGb * 1.073741824).toFixed(1)} GB/${spec.diskGb}.00 GiB)`),
    k(jit(0.92), ' vda: vda1 vda15'),
    ...(spec.volumes ?? []).map((d, i) => k(jit(0.93 + i * 0.01), virtioBlkLine(d.dev, d.sizeGb, 3 + i))),
  );
  facts.forEach((f, i) => lines.push(k(jit(1.1 + i * 0.01), `virtio_net virtio${i}: ${f.dev}: link up, mtu ${f.nic.mtu}`)));
  lines.push(
    k(jit(1.4), 'EXT4-fs (vda1): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.'),
    k(jit(1.6), 'Run /sbin/init as init process'),
    'Starting syslogd: OK',
    'Starting klogd: OK',
    'Running sysctl: OK',
    'Populating /dev using udev: done',
    'Saving 256 bits of non-creditable seed for next boot',
    'Starting network: ',
  );
  let networkOk = true;
  for (const f of facts) {
    lines.push('udhcpc: started, v1.36.1');
    if (f.ip) {
      const server = f.nic.dhcpServer ?? f.nic.gateway ?? f.ip;
      lines.push('udhcpc: broadcasting discover', `udhcpc: broadcasting select for ${f.ip}, server ${server}`, `udhcpc: lease of ${f.ip} obtained from ${server}, lease time 86400`);
    } else {
      networkOk = false;
      lines.push('udhcpc: broadcasting discover', 'udhcpc: broadcasting discover', 'udhcpc: broadcasting discover', 'udhcpc: No lease, failing');
    }
  }
  lines.push(networkOk ? 'OK' : 'FAIL');
  let t = jit(5.2, 1);
  if (metadata) {
    lines.push(`checking http://${METADATA_IP}/2009-04-04/instance-id`, `successful after 1/20 tries: up ${t.toFixed(2)}. iid=${ec2Id(spec)}`);
    if (!spec.userData) lines.push(`failed to get http://${METADATA_IP}/2009-04-04/user-data`, 'warning: no ec2 metadata for user-data');
  } else {
    lines.push(`checking http://${METADATA_IP}/2009-04-04/instance-id`);
    for (let i = 1; i <= 20; i++) {
      t += 2.2 + unit(`${seed}:md${i}`) * 0.4;
      lines.push(`failed ${i}/20: up ${t.toFixed(2)}. request failed`);
    }
    lines.push('failed to read iid from metadata. tried 20', `no results found for mode=net. up ${(t + 0.3).toFixed(2)}. searched: nocloud configdrive ec2`, 'failed to get instance-id of datasource');
  }
  const name = guestHostname(spec);
  const key = hostKey(spec.serverId);
  lines.push(
    'Top of dropbear init script',
    'Starting dropbear sshd: OK',
    'GROWROOT: NOCHANGE: partition 1 is size ' + (spec.diskGb * 2097152 - 229376) + '. it cannot be grown',
    '/dev/root resized successfully [took 0.01s]',
    '=== system information ===',
    'Platform: OpenStack Foundation OpenStack Nova',
    'Container: none',
    'Arch: x86_64',
    `CPU(s): ${spec.vcpus} @ 2591.998 MHz`,
    `Cores/Sockets/Threads: 1/${spec.vcpus}/1`,
    'Virt-type: ',
    `RAM Size: ${spec.ramMb - 38}MB`,
    'Disks:',
    'NAME   MAJ:MIN         SIZE LABEL         MOUNTPOINT',
    `vda    253:0  ${String(spec.diskGb * 1073741824).padStart(12)}               `,
    `vda1   253:1  ${String(spec.diskGb * 1073741824 - 117440512).padStart(12)} cirros-rootfs /`,
    'vda15  253:15      8388608               ',
    ...(spec.volumes ?? []).map((d) => `${d.dev.padEnd(6)} ${majMin(d.dev).padEnd(6)} ${String(d.sizeGb * 1073741824).padStart(12)}               `),
    '=== sshd host keys ===',
    '-----BEGIN SSH HOST KEY KEYS-----',
    `${key} root@${name}`,
    '-----END SSH HOST KEY KEYS-----',
    '=== network info ===',
    'if-info: lo,up,127.0.0.1,8,,',
  );
  for (const f of facts) lines.push(`if-info: ${f.dev},up,${f.ip ?? ''},${f.prefixLen ?? 8},${f.linkLocal},`);
  for (const r of routes)
    lines.push(r.via ? `ip-route:${r.destination} via ${r.via} dev ${r.dev}  src ${r.src}  metric 1002 ` : `ip-route:${r.destination} dev ${r.dev} scope link  src ${r.src}  metric 1002 `);
  for (const f of facts) lines.push(`ip-route6:fe80::/64 dev ${f.dev}  metric 256 `, `ip-route6:multicast ff00::/8 dev ${f.dev}  metric 256 `);
  if (metadata) {
    lines.push(
      '=== datasource: ec2 net ===',
      `instance-id: ${ec2Id(spec)}`,
      'name: N/A',
      `availability-zone: ${spec.availabilityZone ?? 'nova'}`,
      `local-hostname: ${spec.hostname}.novalocal`,
      'launch-index: 0',
    );
  } else lines.push('=== datasource: None None ===');
  const uptime = t + jit(14, 8);
  lines.push(`=== cirros: current=${CIRROS_VERSION}${metadata ? ` latest=${CIRROS_VERSION}` : ''} uptime=${uptime.toFixed(2)} ===`, ...BANNER, '', '');
  lines.push("login as 'cirros' user. default password: 'gocubsgo'. use 'sudo' for root.");
  return { lines, uptime };
}

/** The login prompt's host name (metadata's hostname, else CirrOS's own). */
export const loginName = (spec: GuestSpec): string => guestHostname(spec) || FALLBACK_HOSTNAME;

/** What busybox init prints on the way down (ACPI shutdown or reboot). */
export function shutdownLines(reboot: boolean, uptime: number): string[] {
  return [
    'The system is going down NOW!',
    'Sent SIGTERM to all processes',
    'Sent SIGKILL to all processes',
    reboot ? 'Requesting system reboot' : 'Requesting system poweroff',
    k(uptime, reboot ? 'reboot: Restarting system' : 'reboot: Power down'),
  ];
}
