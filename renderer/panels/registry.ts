import type { ComponentType } from 'react';
import { ApplicationCredentialsPanel } from './identity/ApplicationCredentials';
import { GroupsPanel } from './identity/Groups';
import { ProjectsPanel } from './identity/Projects';
import { RolesPanel } from './identity/Roles';
import { UsersPanel } from './identity/Users';
import { FloatingIpsPanel } from './network/FloatingIps';
import { NetworksPanel } from './network/Networks';
import { RoutersPanel } from './network/Routers';
import { NetworkTopologyPanel } from './network/topology/NetworkTopology';
import { SecurityGroupsPanel } from './network/SecurityGroups';
import { SystemInfoPanel } from './admin/SystemInfo';
import { FlavorsPanel } from './admin/compute/Flavors';
import { HypervisorsPanel } from './admin/compute/Hypervisors';
import { ImagesPanel } from './compute/Images';
import { AdminInstancesPanel, InstancesPanel } from './compute/Instances';
import { KeyPairsPanel } from './compute/KeyPairs';
import { OverviewPanel } from './compute/Overview';
import { ServerGroupsPanel } from './compute/ServerGroups';
import { DefaultsPanel } from './admin/Defaults';
import { HostAggregatesPanel } from './admin/compute/HostAggregates';
import { RbacPoliciesPanel } from './admin/network/RbacPolicies';
import { AdminNetworksPanel } from './admin/network/Networks';
import { AdminRoutersPanel } from './admin/network/Routers';
import { AdminFloatingIpsPanel } from './admin/network/FloatingIps';
import { DomainsPanel } from './identity/Domains';
import { QosPoliciesPanel } from './network/QosPolicies';
import { TrunksPanel } from './network/Trunks';
import { GuidedLabsPanel } from './lab/GuidedLabs';
import { SnapshotsPanel } from './lab/Snapshots';
import { TroubleshootingPanel } from './lab/Troubleshooting';
import { ContainersPanel } from './object-store/Containers';
import { AdminVolumesPanel, VolumesPanel } from './volumes/Volumes';
import { VolumeSnapshotsPanel } from './volumes/Snapshots';
import { GroupSnapshotsPanel, VolumeGroupsPanel } from './volumes/Groups';
import { VolumeTypesPanel } from './admin/volume/VolumeTypes';
import { GroupTypesPanel } from './admin/volume/GroupTypes';

export type Section = 'project' | 'admin' | 'identity' | 'lab';

export interface PanelDef {
  /** `<section>/<panel>`: remembered as the last panel. */
  id: string;
  section: Section;
  group?: string;
  label: string;
  component: ComponentType;
  /** Needs the admin role (Horizon hides it otherwise). The whole Admin section always does. */
  admin?: boolean;
  /** Shown only when the catalog has this service type. */
  service?: string;
}

export const SECTIONS: { id: Section; label: string }[] = [
  { id: 'project', label: 'Project' },
  { id: 'admin', label: 'Admin' },
  { id: 'identity', label: 'Identity' },
  { id: 'lab', label: 'Lab' },
];

/** Every panel, in nav order. Adding a panel is adding its file and a line here. */
export const PANELS: PanelDef[] = [
  { id: 'project/overview', section: 'project', group: 'Compute', label: 'Overview', component: OverviewPanel, service: 'compute' },
  { id: 'project/instances', section: 'project', group: 'Compute', label: 'Instances', component: InstancesPanel, service: 'compute' },
  { id: 'project/images', section: 'project', group: 'Compute', label: 'Images', component: ImagesPanel, service: 'image' },
  { id: 'project/key_pairs', section: 'project', group: 'Compute', label: 'Key Pairs', component: KeyPairsPanel, service: 'compute' },
  { id: 'project/server_groups', section: 'project', group: 'Compute', label: 'Server Groups', component: ServerGroupsPanel, service: 'compute' },
  { id: 'project/volumes', section: 'project', group: 'Volumes', label: 'Volumes', component: VolumesPanel, service: 'volumev3' },
  { id: 'project/volume_snapshots', section: 'project', group: 'Volumes', label: 'Snapshots', component: VolumeSnapshotsPanel, service: 'volumev3' },
  { id: 'project/volume_groups', section: 'project', group: 'Volumes', label: 'Groups', component: VolumeGroupsPanel, service: 'volumev3' },
  { id: 'project/vg_snapshots', section: 'project', group: 'Volumes', label: 'Group Snapshots', component: GroupSnapshotsPanel, service: 'volumev3' },
  { id: 'project/network_topology', section: 'project', group: 'Network', label: 'Network Topology', component: NetworkTopologyPanel, service: 'network' },
  { id: 'project/networks', section: 'project', group: 'Network', label: 'Networks', component: NetworksPanel, service: 'network' },
  { id: 'project/routers', section: 'project', group: 'Network', label: 'Routers', component: RoutersPanel, service: 'network' },
  { id: 'project/security_groups', section: 'project', group: 'Network', label: 'Security Groups', component: SecurityGroupsPanel, service: 'network' },
  { id: 'project/floating_ips', section: 'project', group: 'Network', label: 'Floating IPs', component: FloatingIpsPanel, service: 'network' },
  { id: 'project/trunks', section: 'project', group: 'Network', label: 'Trunks', component: TrunksPanel, service: 'network' },
  { id: 'project/qos', section: 'project', group: 'Network', label: 'QoS Policies', component: QosPoliciesPanel, service: 'network' },
  { id: 'project/containers', section: 'project', group: 'Object Store', label: 'Containers', component: ContainersPanel, service: 'object-store' },
  { id: 'admin/hypervisors', section: 'admin', group: 'Compute', label: 'Hypervisors', component: HypervisorsPanel, service: 'compute' },
  { id: 'admin/instances', section: 'admin', group: 'Compute', label: 'All Instances', component: AdminInstancesPanel, service: 'compute' },
  { id: 'admin/aggregates', section: 'admin', group: 'Compute', label: 'Host Aggregates', component: HostAggregatesPanel, service: 'compute' },
  { id: 'admin/flavors', section: 'admin', group: 'Compute', label: 'Flavors', component: FlavorsPanel, service: 'compute' },
  { id: 'admin/volumes', section: 'admin', group: 'Volume', label: 'Volumes', component: AdminVolumesPanel, service: 'volumev3' },
  { id: 'admin/volume_types', section: 'admin', group: 'Volume', label: 'Volume Types', component: VolumeTypesPanel, service: 'volumev3' },
  { id: 'admin/group_types', section: 'admin', group: 'Volume', label: 'Group Types', component: GroupTypesPanel, service: 'volumev3' },
  { id: 'admin/networks', section: 'admin', group: 'Network', label: 'Networks', component: AdminNetworksPanel, service: 'network' },
  { id: 'admin/routers', section: 'admin', group: 'Network', label: 'Routers', component: AdminRoutersPanel, service: 'network' },
  { id: 'admin/floating_ips', section: 'admin', group: 'Network', label: 'Floating IPs', component: AdminFloatingIpsPanel, service: 'network' },
  { id: 'admin/rbac_policies', section: 'admin', group: 'Network', label: 'RBAC Policies', component: RbacPoliciesPanel, service: 'network' },
  { id: 'admin/defaults', section: 'admin', group: 'System', label: 'Defaults', component: DefaultsPanel, service: 'compute' },
  { id: 'admin/info', section: 'admin', group: 'System', label: 'System Information', component: SystemInfoPanel },
  { id: 'identity/domains', section: 'identity', label: 'Domains', component: DomainsPanel, admin: true },
  { id: 'identity/projects', section: 'identity', label: 'Projects', component: ProjectsPanel },
  { id: 'identity/users', section: 'identity', label: 'Users', component: UsersPanel, admin: true },
  { id: 'identity/groups', section: 'identity', label: 'Groups', component: GroupsPanel, admin: true },
  { id: 'identity/roles', section: 'identity', label: 'Roles', component: RolesPanel, admin: true },
  { id: 'identity/application_credentials', section: 'identity', label: 'Application Credentials', component: ApplicationCredentialsPanel },
  // StackLab's own section: the lab around the cloud (guided labs, snapshots)
  { id: 'lab/guided', section: 'lab', label: 'Guided Labs', component: GuidedLabsPanel },
  { id: 'lab/troubleshooting', section: 'lab', label: 'Troubleshooting', component: TroubleshootingPanel },
  { id: 'lab/snapshots', section: 'lab', label: 'Lab Snapshots', component: SnapshotsPanel },
];

/** The panels this user sees: no Admin section without the admin role, none for a missing service. */
export function visiblePanels(isAdmin: boolean, hasService: (type: string) => boolean): PanelDef[] {
  return PANELS.filter((p) => (isAdmin || (p.section !== 'admin' && !p.admin)) && (!p.service || hasService(p.service)));
}
