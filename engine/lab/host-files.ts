/**
 * The files of a PackStack all-in-one host that students read and edit: the services' config
 * files (/etc/nova/nova.conf, /etc/neutron/neutron.conf and the agents' *.ini), their log folders,
 * /etc/hostname and the system log systemd writes to (/var/log/messages, what `journalctl -u`
 * reads). Written once into a fresh host; edits stay, and the services read them when they start.
 */
import type { HostFs } from '../shell/fs';

const NOVA_CONF = `[DEFAULT]
my_ip=10.0.2.15
state_path=/var/lib/nova
enabled_apis=osapi_compute,metadata
compute_driver=libvirt.LibvirtDriver
log_dir=/var/log/nova
transport_url=rabbit://guest:guest@10.0.2.15:5672/
default_availability_zone=nova
# Overcommit of this compute node, reported to Placement as its inventories' allocation_ratio
# when nova-compute starts (virtual RAM/CPU/disk per physical unit).
cpu_allocation_ratio=16.0
ram_allocation_ratio=1.0
disk_allocation_ratio=1.0
reserved_host_memory_mb=512

[api]
auth_strategy=keystone

[filter_scheduler]
enabled_filters=ComputeFilter,ComputeCapabilitiesFilter,ImagePropertiesFilter,ServerGroupAntiAffinityFilter,ServerGroupAffinityFilter

[scheduler]
max_attempts=3

[libvirt]
virt_type=qemu
cpu_mode=none

[neutron]
auth_type=v3password
region_name=RegionOne
`;

const NEUTRON_CONF = `[DEFAULT]
bind_host=0.0.0.0
auth_strategy=keystone
core_plugin=neutron.plugins.ml2.plugin.Ml2Plugin
service_plugins=qos,trunk,router,metering
allow_overlapping_ips=True
notify_nova_on_port_status_changes=True
dhcp_agents_per_network=1
# Seconds without a report before an agent is shown dead (XXX); at least twice report_interval.
#agent_down_time=75
router_distributed=False
transport_url=rabbit://guest:guest@10.0.2.15:5672/
log_dir=/var/log/neutron

[agent]
root_helper=sudo neutron-rootwrap /etc/neutron/rootwrap.conf
# Seconds between the agents' reports to neutron-server.
#report_interval=30

[oslo_concurrency]
lock_path=$state_path/lock
`;

const ML2_CONF = `[ml2]
type_drivers=vxlan,flat
tenant_network_types=vxlan
mechanism_drivers=openvswitch
extension_drivers=port_security,qos

[ml2_type_flat]
flat_networks=*

[ml2_type_vxlan]
vni_ranges=10:100

[securitygroup]
firewall_driver=openvswitch
`;

const FILES: Record<string, string> = {
  '/etc/nova/nova.conf': NOVA_CONF,
  '/etc/neutron/neutron.conf': NEUTRON_CONF,
  '/etc/neutron/plugin.ini': ML2_CONF,
  '/etc/neutron/plugins/ml2/ml2_conf.ini': ML2_CONF,
  '/etc/neutron/plugins/ml2/openvswitch_agent.ini': `[ovs]
bridge_mappings=extnet:br-ex
integration_bridge=br-int
local_ip=10.0.2.15

[agent]
tunnel_types=vxlan
l2_population=False

[securitygroup]
firewall_driver=openvswitch
`,
  '/etc/neutron/l3_agent.ini': `[DEFAULT]
interface_driver=neutron.agent.linux.interface.OVSInterfaceDriver
agent_mode=legacy
debug=False
`,
  '/etc/neutron/dhcp_agent.ini': `[DEFAULT]
interface_driver=neutron.agent.linux.interface.OVSInterfaceDriver
dhcp_driver=neutron.agent.linux.dhcp.Dnsmasq
enable_isolated_metadata=False
`,
  '/etc/neutron/metadata_agent.ini': `[DEFAULT]
nova_metadata_host=10.0.2.15
nova_metadata_protocol=http
`,
  '/etc/neutron/metering_agent.ini': `[DEFAULT]
driver=neutron.services.metering.drivers.noop.noop_driver.NoopMeteringDriver
interface_driver=neutron.agent.linux.interface.OVSInterfaceDriver
`,
};

const LOG_DIRS = ['/var/log/nova', '/var/log/neutron', '/var/log/httpd'];

/** What each service logged when the host booted (pids as the Nova logs use them). */
const BOOT_LOGS: Record<string, string> = {
  '/var/log/nova/nova-api.log': '2871 INFO nova.wsgi [-] osapi_compute listening on 0.0.0.0:8774',
  '/var/log/nova/nova-scheduler.log': '2874 INFO nova.service [-] Starting scheduler node (version 26.2.1-1.el9s)',
  '/var/log/nova/nova-conductor.log': '2873 INFO nova.service [-] Starting conductor node (version 26.2.1-1.el9s)',
  '/var/log/nova/nova-compute.log': '3190 INFO nova.service [-] Starting compute node (version 26.2.1-1.el9s)',
  '/var/log/neutron/server.log': '2702 INFO neutron.wsgi [-] (2702) wsgi starting up on http://0.0.0.0:9696',
};

/** Writes the files a fresh host has (any that exist are left as the student made them). */
export function seedHostFiles(fs: HostFs, hostname: string, now: Date = new Date()): void {
  const stamp = now.toISOString().replace('T', ' ').replace('Z', '');
  const logs = Object.fromEntries(Object.entries(BOOT_LOGS).map(([path, line]) => [path, `${stamp} ${line}\n`]));
  for (const [path, text] of Object.entries({ ...FILES, ...logs, '/etc/hostname': `${hostname}\n` })) {
    if (fs.stat(path)) continue;
    fs.mkdir(path.slice(0, path.lastIndexOf('/')), true);
    fs.write(path, text);
  }
  for (const d of LOG_DIRS) fs.mkdir(d, true);
  if (!fs.stat('/var/log/messages')) fs.write('/var/log/messages', '');
}

/** Reads a host file as text, or undefined when it is not there. */
export function hostText(fs: HostFs, path: string): string | undefined {
  return fs.read(path)?.toString('utf8');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** syslog's time: `Nov 22 18:40:01` (UTC, the host's zone). */
export function syslogTime(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** What systemd logs when a unit changes, as journalctl and /var/log/messages show it. */
export function systemdLines(unit: string, description: string, action: string): string[] {
  switch (action) {
    case 'start':
      return [`Starting ${description}...`, `Started ${description}.`];
    case 'stop':
      return [`Stopping ${description}...`, `${unit}.service: Deactivated successfully.`, `Stopped ${description}.`];
    case 'restart':
      return [`Stopping ${description}...`, `${unit}.service: Deactivated successfully.`, `Stopped ${description}.`, `Starting ${description}...`, `Started ${description}.`];
    case 'fail':
      return [`${unit}.service: Main process exited, code=exited, status=1/FAILURE`, `${unit}.service: Failed with result 'exit-code'.`];
    default:
      return [];
  }
}

/** Appends systemd's lines about a unit to /var/log/messages (what `journalctl -u` reads back). */
export function journalAppend(fs: HostFs, when: Date, hostname: string, messages: string[]): void {
  if (!messages.length) return;
  const head = `${syslogTime(when)} ${hostname.split('.')[0]} systemd[1]: `;
  fs.write('/var/log/messages', messages.map((m) => `${head}${m}\n`).join(''), true);
}
