/**
 * Every GUI action's equivalent `openstack …` command (python-openstackclient's spelling), shown next
 * to the REST call in the API log so the GUI teaches the CLI. One function per action.
 */

/** Quotes a value for a POSIX shell only when it needs it. */
export function shq(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

type Flag = [flag: string, value: string | number | boolean | undefined | null];

/** `openstack <words> [--flag value]… [positional]`; false/undefined flags are left out, true ones are bare. */
export function command(words: string, flags: Flag[] = [], ...positional: (string | undefined)[]): string {
  const parts = ['openstack', words];
  for (const [flag, value] of flags) {
    if (value === undefined || value === null || value === false || value === '') continue;
    parts.push(value === true ? flag : `${flag} ${shq(String(value))}`);
  }
  for (const p of positional) if (p) parts.push(shq(p));
  return parts.join(' ');
}

export interface NetworkCreate {
  name: string;
  shared?: boolean;
  external?: boolean;
  adminStateUp?: boolean;
  networkType?: string;
  physicalNetwork?: string;
  segmentationId?: number;
  mtu?: number;
}

export interface SubnetCreate {
  name: string;
  network: string;
  cidr: string;
  ipVersion?: 4 | 6;
  gatewayIp?: string | null;
  enableDhcp?: boolean;
  allocationPool?: { start: string; end: string };
  dnsNameservers?: string[];
}

export interface SecurityGroupRuleCreate {
  group: string;
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  protocol?: string | null;
  portMin?: number | null;
  portMax?: number | null;
  remoteIpPrefix?: string | null;
  remoteGroup?: string | null;
}

export const cli = {
  // Identity
  projectList: () => command('project list', [['--long', true]]),
  projectCreate: (p: { name: string; description?: string; enabled?: boolean; domain?: string }) =>
    command('project create', [['--domain', p.domain], ['--description', p.description], ['--disable', p.enabled === false]], p.name),
  projectSet: (p: { project: string; name?: string; description?: string; enabled?: boolean }) =>
    command('project set', [['--name', p.name], ['--description', p.description], ['--enable', p.enabled === true], ['--disable', p.enabled === false]], p.project),
  projectDelete: (project: string) => command('project delete', [], project),
  userList: () => command('user list', [['--long', true]]),
  userCreate: (u: { name: string; email?: string; project?: string; domain?: string; enabled?: boolean }) =>
    command('user create', [['--domain', u.domain], ['--project', u.project], ['--email', u.email], ['--password-prompt', true], ['--disable', u.enabled === false]], u.name),
  userSet: (u: { user: string; name?: string; email?: string; enabled?: boolean; password?: boolean }) =>
    command('user set', [['--name', u.name], ['--email', u.email], ['--password-prompt', u.password], ['--enable', u.enabled === true], ['--disable', u.enabled === false]], u.user),
  userDelete: (user: string) => command('user delete', [], user),
  groupList: () => command('group list', [['--long', true]]),
  groupCreate: (g: { name: string; description?: string; domain?: string }) => command('group create', [['--domain', g.domain], ['--description', g.description]], g.name),
  groupDelete: (group: string) => command('group delete', [], group),
  groupMembers: (group: string) => command('user list', [['--group', group]]),
  groupAddUser: (group: string, user: string) => command('group add user', [], group, user),
  groupRemoveUser: (group: string, user: string) => command('group remove user', [], group, user),
  roleList: () => command('role list'),
  roleCreate: (name: string) => command('role create', [], name),
  roleDelete: (role: string) => command('role delete', [], role),
  roleAssignmentsOfProject: (project: string) => command('role assignment list', [['--project', project], ['--names', true]]),
  roleAdd: (a: { role: string; project: string; user?: string; group?: string }) => command('role add', [['--project', a.project], ['--user', a.user], ['--group', a.group]], a.role),
  roleRemove: (a: { role: string; project: string; user?: string; group?: string }) => command('role remove', [['--project', a.project], ['--user', a.user], ['--group', a.group]], a.role),
  appCredentialList: () => command('application credential list'),
  appCredentialCreate: (c: { name: string; description?: string; expiresAt?: string; unrestricted?: boolean; secret?: boolean }) =>
    command('application credential create', [['--description', c.description], ['--expiration', c.expiresAt], ['--unrestricted', c.unrestricted], ['--secret', c.secret ? '<secret>' : undefined]], c.name),
  appCredentialDelete: (name: string) => command('application credential delete', [], name),
  domainList: () => command('domain list'),
  catalogList: () => command('catalog list'),
  serviceList: () => command('service list', [['--long', true]]),
  endpointList: () => command('endpoint list'),

  // Network
  networkList: () => command('network list', [['--long', true]]),
  networkCreate: (n: NetworkCreate) =>
    command(
      'network create',
      [
        ['--share', n.shared],
        ['--external', n.external],
        ['--disable', n.adminStateUp === false],
        ['--provider-network-type', n.networkType],
        ['--provider-physical-network', n.physicalNetwork],
        ['--provider-segment', n.segmentationId],
        ['--mtu', n.mtu],
      ],
      n.name,
    ),
  networkSet: (n: { network: string; name?: string; shared?: boolean; adminStateUp?: boolean }) =>
    command(
      'network set',
      [['--name', n.name], ['--share', n.shared === true], ['--no-share', n.shared === false], ['--enable', n.adminStateUp === true], ['--disable', n.adminStateUp === false]],
      n.network,
    ),
  networkDelete: (network: string) => command('network delete', [], network),
  subnetList: () => command('subnet list', [['--long', true]]),
  subnetCreate: (s: SubnetCreate) =>
    command(
      'subnet create',
      [
        ['--network', s.network],
        ['--subnet-range', s.cidr],
        ['--ip-version', s.ipVersion && s.ipVersion !== 4 ? s.ipVersion : undefined],
        ['--gateway', s.gatewayIp === null ? 'none' : s.gatewayIp],
        ['--no-dhcp', s.enableDhcp === false],
        ['--allocation-pool', s.allocationPool ? `start=${s.allocationPool.start},end=${s.allocationPool.end}` : undefined],
        ...(s.dnsNameservers ?? []).map((d): Flag => ['--dns-nameserver', d]),
      ],
      s.name,
    ),
  subnetDelete: (subnet: string) => command('subnet delete', [], subnet),
  portList: (network?: string) => command('port list', [['--network', network]]),
  routerList: () => command('router list', [['--long', true]]),
  routerCreate: (r: { name: string; adminStateUp?: boolean }) => command('router create', [['--disable', r.adminStateUp === false]], r.name),
  routerDelete: (router: string) => command('router delete', [], router),
  routerSetGateway: (router: string, network: string) => command('router set', [['--external-gateway', network]], router),
  routerClearGateway: (router: string) => command('router unset', [['--external-gateway', true]], router),
  routerAddSubnet: (router: string, subnet: string) => command('router add subnet', [], router, subnet),
  routerRemoveSubnet: (router: string, subnet: string) => command('router remove subnet', [], router, subnet),
  routerPorts: (router: string) => command('port list', [['--router', router]]),
  securityGroupList: () => command('security group list'),
  securityGroupCreate: (g: { name: string; description?: string }) => command('security group create', [['--description', g.description]], g.name),
  securityGroupDelete: (group: string) => command('security group delete', [], group),
  securityGroupRuleList: (group: string) => command('security group rule list', [['--long', true]], group),
  securityGroupRuleCreate: (r: SecurityGroupRuleCreate) => {
    const port = r.portMin != null ? (r.portMax != null && r.portMax !== r.portMin ? `${r.portMin}:${r.portMax}` : String(r.portMin)) : undefined;
    return command(
      'security group rule create',
      [
        [r.direction === 'egress' ? '--egress' : '--ingress', true],
        ['--ethertype', r.ethertype === 'IPv6' ? 'IPv6' : undefined],
        ['--protocol', r.protocol ?? undefined],
        ['--dst-port', port],
        ['--remote-ip', r.remoteIpPrefix ?? undefined],
        ['--remote-group', r.remoteGroup ?? undefined],
      ],
      r.group,
    );
  },
  securityGroupRuleDelete: (rule: string) => command('security group rule delete', [], rule),
  floatingIpList: () => command('floating ip list', [['--long', true]]),
  floatingIpCreate: (network: string, address?: string) => command('floating ip create', [['--floating-ip-address', address]], network),
  floatingIpDelete: (ip: string) => command('floating ip delete', [], ip),
  floatingIpAssociate: (ip: string, port: string) => command('floating ip set', [['--port', port]], ip),
  floatingIpDisassociate: (ip: string) => command('floating ip unset', [['--port', true]], ip),
  networkAgentList: () => command('network agent list'),
} as const;
