/**
 * The systemd units of a PackStack all-in-one host, as the sim host knows them: what
 * `systemctl status` shows and how much memory each takes while it runs (Horizon's httpd is the
 * big one, which is why stopping it frees room for an instance in the seeds).
 */
import type { ServiceActiveState } from '../types';

export interface ServiceUnitSpec {
  /** Unit name without `.service`. */
  name: string;
  description: string;
  /** The main process: its short name (Main PID line) and command line (CGroup line). */
  process: string;
  command: string;
  /** Resident memory while active, in MiB. */
  memoryMb: number;
  /** `Type=oneshot` + RemainAfterExit: shown as `active (exited)` (openvswitch.service, network). */
  oneshot?: boolean;
  enabled: boolean;
  /** Whether the unit runs when the host boots. */
  active: boolean;
  docs?: string[];
}

export interface ServiceUnit extends ServiceUnitSpec {
  state: ServiceActiveState;
  /** ISO time of the last state change; null for a unit that has not run since boot. */
  since: string | null;
  pid: number | null;
}

const py = (bin: string, args = ''): string => `/usr/bin/python3 /usr/bin/${bin}${args}`;

const unit = (
  name: string,
  description: string,
  process: string,
  command: string,
  memoryMb: number,
  more: Partial<ServiceUnitSpec> = {},
): ServiceUnitSpec => ({ name, description, process, command, memoryMb, enabled: true, active: true, ...more });

/** The units a fresh PackStack all-in-one runs (and a few it leaves off), in `systemctl` order. */
export function packstackUnits(): ServiceUnitSpec[] {
  return [
    unit('httpd', 'The Apache HTTP Server', 'httpd', '/usr/sbin/httpd -DFOREGROUND', 1650, { docs: ['man:httpd.service(8)'] }),
    unit('mariadb', 'MariaDB 10.5 database server', 'mariadbd', '/usr/libexec/mariadbd --basedir=/usr', 420, { docs: ['man:mariadbd(8)', 'https://mariadb.com/kb/en/library/systemd/'] }),
    unit('rabbitmq-server', 'RabbitMQ broker', 'beam.smp', '/usr/lib64/erlang/erts-12.3.2.2/bin/beam.smp -W w -MBas ageffcbf', 310),
    unit('memcached', 'memcached daemon', 'memcached', '/usr/bin/memcached -p 11211 -u memcached -m 963 -c 8192 -l 0.0.0.0', 40),
    unit('openvswitch', 'Open vSwitch', 'openvswitch', '/bin/true', 0, { oneshot: true }),
    unit('ovsdb-server', 'Open vSwitch Database Unit', 'ovsdb-server', 'ovsdb-server /etc/openvswitch/conf.db -vconsole:emer -vsyslog:err -vfile:info', 12),
    unit('ovs-vswitchd', 'Open vSwitch Forwarding Unit', 'ovs-vswitchd', 'ovs-vswitchd unix:/var/run/openvswitch/db.sock -vconsole:emer -vsyslog:err -vfile:info', 60),
    unit('neutron-server', 'OpenStack Neutron Server', 'neutron-server', py('neutron-server', ' --config-file /usr/share/neutron/neutron-dist.conf --config-dir /usr/share/neutron/server --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugin.ini'), 380),
    unit('neutron-openvswitch-agent', 'OpenStack Neutron Open vSwitch Agent', 'neutron-openvsw', py('neutron-openvswitch-agent', ' --config-file /usr/share/neutron/neutron-dist.conf --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/plugins/ml2/openvswitch_agent.ini'), 110),
    unit('neutron-dhcp-agent', 'OpenStack Neutron DHCP Agent', 'neutron-dhcp-ag', py('neutron-dhcp-agent', ' --config-file /usr/share/neutron/neutron-dist.conf --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/dhcp_agent.ini'), 95),
    unit('neutron-l3-agent', 'OpenStack Neutron Layer 3 Agent', 'neutron-l3-agen', py('neutron-l3-agent', ' --config-file /usr/share/neutron/neutron-dist.conf --config-dir /usr/share/neutron/l3_agent --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/l3_agent.ini'), 105),
    unit('neutron-metadata-agent', 'OpenStack Neutron Metadata Agent', 'neutron-metadat', py('neutron-metadata-agent', ' --config-file /usr/share/neutron/neutron-dist.conf --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/metadata_agent.ini'), 90),
    unit('neutron-metering-agent', 'OpenStack Neutron Metering Agent', 'neutron-meterin', py('neutron-metering-agent', ' --config-file /usr/share/neutron/neutron-dist.conf --config-file /etc/neutron/neutron.conf --config-file /etc/neutron/metering_agent.ini'), 85),
    unit('openstack-nova-api', 'OpenStack Nova API Server', 'nova-api', py('nova-api'), 310),
    unit('openstack-nova-conductor', 'OpenStack Nova Conductor Server', 'nova-conductor', py('nova-conductor'), 240),
    unit('openstack-nova-scheduler', 'OpenStack Nova Scheduler Server', 'nova-scheduler', py('nova-scheduler'), 190),
    unit('openstack-nova-compute', 'OpenStack Nova Compute Server', 'nova-compute', py('nova-compute'), 170),
    unit('openstack-nova-novncproxy', 'OpenStack Nova NoVNC Proxy Server', 'nova-novncproxy', py('nova-novncproxy', ' --web /usr/share/novnc/'), 95),
    unit('openstack-glance-api', 'OpenStack Image Service (code-named Glance) API server', 'glance-api', py('glance-api'), 160),
    unit('openstack-cinder-api', 'OpenStack Cinder API Server', 'cinder-api', py('cinder-api', ' --config-file /usr/share/cinder/cinder-dist.conf --config-file /etc/cinder/cinder.conf --logfile /var/log/cinder/api.log'), 190),
    unit('openstack-cinder-scheduler', 'OpenStack Cinder Scheduler Server', 'cinder-schedule', py('cinder-scheduler', ' --config-file /usr/share/cinder/cinder-dist.conf --config-file /etc/cinder/cinder.conf --logfile /var/log/cinder/scheduler.log'), 110),
    unit('openstack-cinder-volume', 'OpenStack Cinder Volume Server', 'cinder-volume', py('cinder-volume', ' --config-file /usr/share/cinder/cinder-dist.conf --config-file /etc/cinder/cinder.conf --logfile /var/log/cinder/volume.log'), 120),
    unit('openstack-swift-proxy', 'OpenStack Object Storage (swift) - Proxy Server', 'swift-proxy-ser', py('swift-proxy-server', ' /etc/swift/proxy-server.conf'), 80),
    unit('libvirtd', 'Virtualization daemon', 'libvirtd', '/usr/sbin/libvirtd --timeout 120', 45, { docs: ['man:libvirtd(8)', 'https://libvirt.org'] }),
    unit('sshd', 'OpenSSH server daemon', 'sshd', '/usr/sbin/sshd -D', 6, { docs: ['man:sshd(8)', 'man:sshd_config(5)'] }),
    unit('network', 'LSB: Bring up/down networking', 'network', '/etc/rc.d/init.d/network start', 0, { oneshot: true }),
    unit('firewalld', 'firewalld - dynamic firewall daemon', 'firewalld', '/usr/bin/python3 -s /usr/sbin/firewalld --nofork --nopid', 40, { enabled: false, active: false, docs: ['man:firewalld(1)'] }),
    unit('NetworkManager', 'Network Manager', 'NetworkManager', '/usr/sbin/NetworkManager --no-daemon', 18, { enabled: false, active: false, docs: ['man:NetworkManager(8)'] }),
  ];
}
