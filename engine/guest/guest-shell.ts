/**
 * The small busybox shell of a logged-in CirrOS user (`$ `, or `# ` after `sudo -i`), the same
 * on the serial console and over ssh. Its network answers come from the guest's spec (ip a,
 * ifconfig, ip r) and from the packet walker (ping, curl to other hosts); curl to
 * 169.254.169.254 answers from the instance's metadata.
 */
import { addressOf, inCidr, isIpv4 } from '../core/net/ip';
import { majMin } from './boot-log';
import { CIRROS_VERSION, ec2Id, guestHostname, guestRoutes, hasMetadata, KERNEL, KERNEL_BUILD, METADATA_IP, nicFacts, unit } from './facts';
import type { GuestSpec, ProbeFn } from './types';

export interface GuestView {
  spec: GuestSpec;
  probe?: ProbeFn;
  /** Seconds since the guest booted. */
  uptime(): number;
  now(): Date;
  /** The kernel's ring buffer (dmesg). */
  kernelLog?(): string[];
  /** The extra virtio disks (attached volumes). */
  disks?(): { dev: string; sizeGb: number }[];
}

const HOME = '/home/cirros';

function prefixMask(len: number): string {
  const n = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

function ms(t: number): string {
  return t.toFixed(3);
}

export class GuestShell {
  private root = false;
  private cwd = HOME;
  private readonly user: string;

  constructor(
    private readonly guest: GuestView,
    user = 'cirros',
  ) {
    this.user = user;
    if (user === 'root') {
      this.root = true;
      this.cwd = '/root';
    }
  }

  prompt(): string {
    return this.root ? '# ' : '$ ';
  }

  /** Runs one line; `exited` when it left the login shell (exit/logout as the login user). */
  async run(line: string): Promise<{ output: string; exited: boolean }> {
    const argv = line.trim().split(/\s+/).filter(Boolean);
    if (argv.length === 0) return { output: '', exited: false };
    const [cmd, ...args] = argv;
    if (cmd === 'exit' || cmd === 'logout') {
      if (this.root && this.user !== 'root') {
        this.root = false;
        this.cwd = HOME;
        return { output: cmd === 'logout' ? '' : 'logout\n', exited: false };
      }
      return { output: '', exited: true };
    }
    return { output: await this.exec(cmd, args), exited: false };
  }

  private async exec(cmd: string, args: string[]): Promise<string> {
    const spec = this.guest.spec;
    switch (cmd) {
      case 'sudo': {
        if (args[0] === '-i' || args[0] === 'su' || args[0] === '-s') {
          this.root = true;
          this.cwd = '/root';
          return '';
        }
        if (args.length === 0) return 'usage: sudo [-h] [-i] [-s] [command]\n';
        const was = this.root;
        this.root = true;
        try {
          return await this.exec(args[0], args.slice(1));
        } finally {
          this.root = was;
        }
      }
      case 'su':
        if (!this.root) return 'su: must be suid to work properly\n';
        return '';
      case 'pwd':
        return `${this.cwd}\n`;
      case 'cd': {
        const to = args[0] ?? (this.root ? '/root' : HOME);
        const dirs = ['/', HOME, '/home', '/root', '/tmp', '/etc', '/var', '/var/log', '/proc', '/dev'];
        const target = to.startsWith('/') ? to.replace(/\/+$/, '') || '/' : `${this.cwd === '/' ? '' : this.cwd}/${to}`;
        if (target === '/root' && !this.root) return `-sh: cd: can't cd to ${to}: Permission denied\n`;
        if (!dirs.includes(target)) return `-sh: cd: can't cd to ${to}: No such file or directory\n`;
        this.cwd = target;
        return '';
      }
      case 'ls':
        return this.cwd === '/' ? 'bin      etc      init     lib64    media    old-root proc     run      sys      usr\nboot     home     lib      linuxrc  mnt      opt      root     sbin     tmp      var\n' : '';
      case 'lsblk':
        return this.lsblk();
      case 'dmesg':
        return (this.guest.kernelLog?.() ?? []).map((l) => `${l}\n`).join('');
      case 'whoami':
        return `${this.root ? 'root' : 'cirros'}\n`;
      case 'id':
        return this.root ? 'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n' : 'uid=1000(cirros) gid=1000(cirros) groups=1000(cirros)\n';
      case 'hostname':
        return `${guestHostname(spec)}\n`;
      case 'uname':
        return args.includes('-a') ? `Linux ${guestHostname(spec)} ${KERNEL} ${KERNEL_BUILD} x86_64 GNU/Linux\n` : args.includes('-r') ? `${KERNEL}\n` : 'Linux\n';
      case 'cat':
        return this.cat(args);
      case 'echo':
        return `${args.join(' ')}\n`;
      case 'date':
        return `${this.guest.now().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 UTC $4')}\n`;
      case 'uptime':
        return this.uptimeLine();
      case 'free':
        return this.free(args);
      case 'ip':
        return this.ip(args);
      case 'ifconfig':
        return this.ifconfig();
      case 'route':
        return this.routeTable();
      case 'ping':
        return this.ping(args);
      case 'curl':
        return this.curl(args);
      case 'clear':
        return '\x1b[H\x1b[J';
      case 'true':
        return '';
      default:
        return `-sh: ${cmd}: not found\n`;
    }
  }

  /** util-linux lsblk: the root disk, its partitions, then each attached volume. */
  private lsblk(): string {
    const gb = this.guest.spec.diskGb;
    const size = (g: number) => (g >= 1 ? `${g}G` : `${Math.round(g * 1024)}M`);
    const rows = [
      'NAME    MAJ:MIN RM  SIZE RO TYPE MOUNTPOINT',
      `vda     253:0    0 ${size(gb).padStart(4)}  0 disk `,
      `|-vda1  253:1    0 ${`${gb * 1024 - 112}M`.padStart(4)}  0 part /`,
      '`-vda15 253:15   0    8M  0 part ',
      ...(this.guest.disks?.() ?? []).map((d) => `${d.dev.padEnd(7)} ${majMin(d.dev).padEnd(7)}  0 ${size(d.sizeGb).padStart(4)}  0 disk `),
    ];
    return rows.map((r) => `${r}\n`).join('');
  }

  private cat(args: string[]): string {
    const spec = this.guest.spec;
    const files: Record<string, string> = {
      '/etc/os-release': `NAME=CirrOS\nVERSION="${CIRROS_VERSION}"\nID=cirros\nID_LIKE=busybox\nVERSION_ID=${CIRROS_VERSION}\nPRETTY_NAME="CirrOS ${CIRROS_VERSION}"\nANSI_COLOR="1;34"\nHOME_URL="https://cirros-cloud.net"\nBUG_REPORT_URL="https://github.com/cirros-dev/cirros/issues"\n`,
      '/etc/hostname': `${guestHostname(spec)}\n`,
      '/etc/cirros/version': `${CIRROS_VERSION}\n`,
      '/etc/resolv.conf': hasMetadata(spec) ? `search openstacklocal\nnameserver ${nicFacts(spec)[0]?.nic.gateway ?? ''}\n` : '',
      '/proc/uptime': `${this.guest.uptime().toFixed(2)} ${(this.guest.uptime() * 0.97).toFixed(2)}\n`,
      '/proc/meminfo': `MemTotal:       ${spec.ramMb * 1024 - 38 * 1024} kB\nMemFree:        ${spec.ramMb * 1024 - 120 * 1024} kB\n`,
    };
    let out = '';
    for (const a of args) {
      const path = a.startsWith('/') ? a : `${this.cwd}/${a}`;
      if (path === '/etc/shadow' && !this.root) out += `cat: can't open '${a}': Permission denied\n`;
      else if (files[path] !== undefined) out += files[path];
      else out += `cat: can't open '${a}': No such file or directory\n`;
    }
    return out;
  }

  private uptimeLine(): string {
    const now = this.guest.now();
    const up = this.guest.uptime();
    const mins = Math.floor(up / 60);
    const span = mins >= 60 ? `${Math.floor(mins / 60)}:${String(mins % 60).padStart(2, '0')}` : `${mins} min`;
    const hh = (n: number) => String(n).padStart(2, '0');
    return ` ${hh(now.getUTCHours())}:${hh(now.getUTCMinutes())}:${hh(now.getUTCSeconds())} up ${span},  load average: 0.00, 0.00, 0.00\n`;
  }

  private free(args: string[]): string {
    const totalKb = (this.guest.spec.ramMb - 38) * 1024;
    const used = 41_236;
    const cache = 48_912;
    const shared = 428;
    const div = args.includes('-m') ? 1024 : 1;
    const f = (n: number) => String(Math.floor(n / div)).padStart(12);
    return (
      '              total        used        free      shared  buff/cache   available\n' +
      `Mem:  ${f(totalKb)}${f(used)}${f(totalKb - used - cache)}${f(shared)}${f(cache)}${f(totalKb - used - shared)}\n` +
      `Swap: ${f(0)}${f(0)}${f(0)}\n`
    );
  }

  private ip(args: string[]): string {
    const rest = args.filter((a) => !/^-[46]$/.test(a));
    const obj = rest[0] ?? '';
    if (obj === '' || obj === 'help') return 'Usage: ip [OPTIONS] address|route|link|neigh|rule [ARGS]\n';
    if ('address'.startsWith(obj)) return this.ipAddr(true);
    if ('link'.startsWith(obj)) return this.ipAddr(false);
    if ('route'.startsWith(obj)) return this.ipRoute();
    if ('neighbour'.startsWith(obj) || obj === 'neighbor') return '';
    return `ip: unknown command "${obj}"\n`;
  }

  private ipAddr(addresses: boolean): string {
    const lease = Math.max(0, 86400 - Math.floor(this.guest.uptime()));
    let out = '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
    if (addresses)
      out += '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n';
    nicFacts(this.guest.spec).forEach((f, i) => {
      out += `${i + 2}: ${f.dev}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${f.nic.mtu} qdisc pfifo_fast qlen 1000\n    link/ether ${f.nic.mac} brd ff:ff:ff:ff:ff:ff\n`;
      if (!addresses) return;
      if (f.ip) out += `    inet ${f.cidr} brd ${f.broadcast ?? f.ip} scope global dynamic noprefixroute ${f.dev}\n       valid_lft ${lease}sec preferred_lft ${Math.max(0, lease - 10800)}sec\n`;
      out += `    inet6 ${f.linkLocal} scope link \n       valid_lft forever preferred_lft forever\n`;
    });
    return out;
  }

  private ipRoute(): string {
    return guestRoutes(this.guest.spec)
      .map((r) => (r.via ? `${r.destination} via ${r.via} dev ${r.dev}  src ${r.src}  metric 1002 \n` : `${r.destination} dev ${r.dev} scope link  src ${r.src}  metric 1002 \n`))
      .join('');
  }

  private routeTable(): string {
    let out = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';
    for (const r of guestRoutes(this.guest.spec)) {
      const [dest, len] = r.destination === 'default' ? ['0.0.0.0', 0] : r.destination.includes('/') ? [addressOf(r.destination), Number(r.destination.split('/')[1])] : [r.destination, 32];
      const flags = r.via ? (len === 32 ? 'UGH' : 'UG') : 'U';
      out += `${String(dest).padEnd(16)}${(r.via ?? '0.0.0.0').padEnd(16)}${prefixMask(Number(len)).padEnd(16)}${flags.padEnd(6)}1002   0        0 ${r.dev}\n`;
    }
    return out;
  }

  private ifconfig(): string {
    let out = '';
    for (const f of nicFacts(this.guest.spec)) {
      const rx = Math.floor(this.guest.uptime() * 3) + 40;
      out += `${f.dev.padEnd(10)}Link encap:Ethernet  HWaddr ${f.nic.mac.toUpperCase()}  \n`;
      if (f.ip) out += `          inet addr:${f.ip}  Bcast:${f.broadcast ?? f.ip}  Mask:${prefixMask(f.prefixLen!)}\n`;
      out += `          inet6 addr: ${f.linkLocal} Scope:Link\n          UP BROADCAST RUNNING MULTICAST  MTU:${f.nic.mtu}  Metric:1\n`;
      out += `          RX packets:${rx} errors:0 dropped:0 overruns:0 frame:0\n          TX packets:${rx - 12} errors:0 dropped:0 overruns:0 carrier:0\n          collisions:0 txqueuelen:1000 \n`;
      out += `          RX bytes:${rx * 310} (${((rx * 310) / 1024).toFixed(1)} KiB)  TX bytes:${(rx - 12) * 180} (${(((rx - 12) * 180) / 1024).toFixed(1)} KiB)\n\n`;
    }
    out +=
      'lo        Link encap:Local Loopback  \n          inet addr:127.0.0.1  Mask:255.0.0.0\n          inet6 addr: ::1/128 Scope:Host\n          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n' +
      '          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n          collisions:0 txqueuelen:1000 \n          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n';
    return out;
  }

  /** The instance port the guest sends from towards `ip`, when it has an address to send from. */
  private sourcePort(ip: string): { portId: string; src: string } | undefined {
    const facts = nicFacts(this.guest.spec);
    const routes = guestRoutes(this.guest.spec);
    const direct = routes.find((r) => r.scopeLink && r.destination.includes('/') && inCidr(ip, r.destination));
    const route = direct ?? routes.find((r) => r.destination === ip) ?? routes.find((r) => r.destination === 'default');
    if (!route) return undefined;
    const f = facts.find((x) => x.dev === route.dev);
    return f ? { portId: f.nic.portId, src: route.src } : undefined;
  }

  private ping(args: string[]): string {
    let count = 4;
    let dest: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-c') count = Number(args[++i]);
      else if (/^-c\d+$/.test(args[i])) count = Number(args[i].slice(2));
      else if (args[i].startsWith('-')) {
        if (['-W', '-w', '-i', '-s', '-I'].includes(args[i])) i++;
      } else dest = args[i];
    }
    if (!dest) return 'BusyBox v1.36.1 (2023-05-05 13:05:21 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n';
    if (!Number.isInteger(count) || count < 1) return `ping: invalid number '${count}'\n`;
    if (!isIpv4(dest)) return `ping: bad address '${dest}'\n`;
    const head = `PING ${dest} (${dest}): 56 data bytes\n`;
    const local = dest.startsWith('127.') || nicFacts(this.guest.spec).some((f) => f.ip === dest);
    let ok = local;
    let ttl = 64;
    let base = 0.05;
    if (!local) {
      const from = this.sourcePort(dest);
      if (!from) return `${head}ping: sendto: Network unreachable\n`;
      const r = this.guest.probe?.(from.portId, dest, 'icmp') ?? { ok: false, hops: 0 };
      ok = r.ok;
      ttl = (r.outside ? 58 : 64) - r.hops;
      base = r.outside ? 30 : 0.4 + 0.5 * r.hops;
    }
    let out = head;
    const times: number[] = [];
    for (let seq = 0; seq < count; seq++) {
      if (!ok) continue;
      const t = base + unit(`${dest}#${seq}`) * Math.min(base, 2) + (seq === 0 && !local ? 0.9 : 0);
      times.push(t);
      out += `64 bytes from ${dest}: seq=${seq} ttl=${ttl} time=${ms(t)} ms\n`;
    }
    const loss = Math.round(((count - times.length) / count) * 100);
    out += `\n--- ${dest} ping statistics ---\n${count} packets transmitted, ${times.length} packets received, ${loss}% packet loss\n`;
    if (times.length) out += `round-trip min/avg/max = ${ms(Math.min(...times))}/${ms(times.reduce((a, b) => a + b, 0) / times.length)}/${ms(Math.max(...times))} ms\n`;
    return out;
  }

  private curl(args: string[]): string {
    const url = args.find((a) => !a.startsWith('-'));
    const silent = args.some((a) => /^-[a-zA-Z]*s/.test(a));
    if (!url) return "curl: try 'curl --help' for more information\n";
    const m = /^(?:https?:\/\/)?([^/:]+)(?::\d+)?(\/.*)?$/.exec(url);
    if (!m) return 'curl: (3) URL using bad/illegal format or missing URL\n';
    const [, host, path = '/'] = m;
    const err = (s: string) => (silent ? '' : `${s}\n`);
    if (host === METADATA_IP) {
      if (!hasMetadata(this.guest.spec)) return err(`curl: (7) Failed to connect to ${host} port 80 after 0 ms: Couldn't connect to server`);
      const body = metadataAnswer(this.guest.spec, path);
      return body ?? notFound(path);
    }
    if (!isIpv4(host)) return err(`curl: (6) Could not resolve host: ${host}`);
    const from = this.sourcePort(host);
    if (!from) return err(`curl: (7) Failed to connect to ${host} port 80 after 0 ms: Couldn't connect to server`);
    const r = this.guest.probe?.(from.portId, host, 'tcp', 80) ?? { ok: false, hops: 0 };
    if (!r.ok) return err(`curl: (28) Failed to connect to ${host} port 80 after 130010 ms: Couldn't connect to server`);
    return err(`curl: (7) Failed to connect to ${host} port 80 after 1 ms: Couldn't connect to server`);
  }
}

const notFound = (path: string): string =>
  `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  The resource could not be found.<br /><br />\n${path}\n\n\n </body>\n</html>`;

/** What the metadata service (through the router's proxy) answers the instance. */
export function metadataAnswer(spec: GuestSpec, rawPath: string): string | undefined {
  const path = rawPath.replace(/\/+$/, '') || '/';
  const ip = nicFacts(spec).find((f) => f.ip)?.ip ?? '';
  const hostname = `${spec.hostname}.novalocal`;
  const keyName = spec.keyName ?? (spec.publicKey ? 'key' : undefined);
  const ec2: Record<string, string> = {
    'ami-id': 'ami-00000001',
    'ami-launch-index': '0',
    'ami-manifest-path': 'FIXME',
    hostname,
    'instance-action': 'none',
    'instance-id': ec2Id(spec),
    'instance-type': spec.flavorName ?? 'm1.small',
    'local-hostname': hostname,
    'local-ipv4': ip,
    'public-hostname': hostname,
    'public-ipv4': '',
    'reservation-id': `r-${ec2Id(spec).slice(2)}`,
    'security-groups': 'default',
  };
  for (const v of ['latest', '2009-04-04']) {
    const base = `/${v}/meta-data`;
    if (path === `/${v}`) return 'meta-data/\nuser-data';
    if (path === base) return [...Object.keys(ec2), 'placement/', 'public-keys/', 'block-device-mapping/'].sort().join('\n');
    if (path.startsWith(`${base}/`)) {
      const key = path.slice(base.length + 1);
      if (ec2[key] !== undefined) return ec2[key];
      if (key === 'placement') return 'availability-zone';
      if (key === 'placement/availability-zone') return spec.availabilityZone ?? 'nova';
      if (key === 'block-device-mapping') return 'ami\nroot';
      if (key === 'block-device-mapping/ami') return 'vda';
      if (key === 'block-device-mapping/root') return '/dev/vda';
      if (keyName && spec.publicKey) {
        if (key === 'public-keys') return `0=${keyName}`;
        if (key === 'public-keys/0') return 'openssh-key';
        if (key === 'public-keys/0/openssh-key') return spec.publicKey;
      }
      return undefined;
    }
    if (path === `/${v}/user-data`) return spec.userData;
  }
  if (path === '/openstack') return '2012-08-10\n2013-04-04\n2013-10-17\n2015-10-15\n2016-06-30\n2016-10-06\n2017-02-22\n2018-08-27\n2020-10-14\nlatest';
  if (path === '/openstack/latest') return 'meta_data.json\npassword\nvendor_data.json\nnetwork_data.json\nvendor_data2.json';
  if (path === '/openstack/latest/meta_data.json') {
    const doc: Record<string, unknown> = {
      uuid: spec.serverId,
      ...(keyName && spec.publicKey ? { public_keys: { [keyName]: spec.publicKey }, keys: [{ name: keyName, type: 'ssh', data: spec.publicKey }] } : {}),
      hostname,
      name: spec.name ?? spec.hostname,
      launch_index: 0,
      availability_zone: spec.availabilityZone ?? 'nova',
      random_seed: Buffer.from(`${spec.serverId}${spec.serverId}`).toString('base64'),
      project_id: spec.projectId ?? '',
      devices: [],
      dedicated_cpus: [],
    };
    return JSON.stringify(doc);
  }
  if (path === '/openstack/latest/network_data.json') {
    const facts = nicFacts(spec);
    return JSON.stringify({
      links: facts.map((f) => ({ id: `tap${f.nic.portId.slice(0, 11)}`, vif_id: f.nic.portId, type: 'ovs', mtu: f.nic.mtu, ethernet_mac_address: f.nic.mac })),
      networks: facts
        .filter((f) => f.ip)
        .map((f, i) => ({ id: `network${i}`, type: 'ipv4_dhcp', link: `tap${f.nic.portId.slice(0, 11)}`, network_id: f.nic.networkId })),
      services: [],
    });
  }
  if (path === '/openstack/latest/vendor_data.json' || path === '/openstack/latest/vendor_data2.json') return '{}';
  if (path === '/openstack/latest/user_data') return spec.userData;
  return undefined;
}
