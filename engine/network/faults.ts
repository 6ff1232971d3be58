/**
 * Neutron's errors on the wire: {"NeutronError": {"type", "message", "detail"}}.
 *
 * Message formats are Neutron 21.0.0's (neutron-lib 3.1.0): neutron_lib/exceptions/__init__.py,
 * exceptions/l3.py, exceptions/agent.py, neutron/extensions/securitygroup.py, neutron/ipam/exceptions.py,
 * neutron_lib/api/attributes.py and neutron/api/v2/base.py. `type` is the Python class name of the
 * exception Neutron raised (neutron/api/api_common.py get_exception_data), the HTTP status the one
 * neutron_lib/api/faults.py FAULT_MAP gives its base class (NotFound 404, Conflict and InUse 409,
 * BadRequest 400, NotAuthorized and oslo.policy's PolicyNotAuthorized 403, ServiceUnavailable 503).
 * webob errors raised directly (bad bodies, unknown URLs) keep their own class name: HTTPBadRequest,
 * HTTPNotFound, …; anything else is a 500 whose message Neutron hides.
 */
import { type ErrorKind, PolicyNotAuthorized, ServiceError } from '../core/errors';
import type { FaultRenderer } from '../core/http/server';
import { SERVICE_PORTS } from '../core/config';

/** A Neutron error: the HTTP class plus Neutron's exception type name for the NeutronError body. */
export class NeutronFault extends ServiceError {
  constructor(
    kind: ErrorKind,
    readonly type: string,
    message: string,
  ) {
    super(kind, message);
  }
}

const f = (kind: ErrorKind, type: string, message: string): NeutronFault => new NeutronFault(kind, type, message);

/** Python's repr() of a list of strings, as Neutron formats `%(overs)s`: ['network', 'port']. */
function pyStrList(items: readonly string[]): string {
  return `[${items.map((s) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ')}]`;
}

// --- 404 -------------------------------------------------------------------------------------------

export const networkNotFound = (netId: string) => f('NotFound', 'NetworkNotFound', `Network ${netId} could not be found.`);
export const subnetNotFound = (subnetId: string) => f('NotFound', 'SubnetNotFound', `Subnet ${subnetId} could not be found.`);
export const portNotFound = (portId: string) => f('NotFound', 'PortNotFound', `Port ${portId} could not be found.`);
/** No final period: neutron_lib/exceptions/l3.py words it so. */
export const routerNotFound = (routerId: string) => f('NotFound', 'RouterNotFound', `Router ${routerId} could not be found`);
/** No final period, as in neutron_lib/exceptions/l3.py. */
export const floatingIpNotFound = (fipId: string) => f('NotFound', 'FloatingIPNotFound', `Floating IP ${fipId} could not be found`);
export const securityGroupNotFound = (sgId: string) => f('NotFound', 'SecurityGroupNotFound', `Security group ${sgId} does not exist`);
export const securityGroupRuleNotFound = (ruleId: string) =>
  f('NotFound', 'SecurityGroupRuleNotFound', `Security group rule ${ruleId} does not exist`);
export const agentNotFound = (agentId: string) => f('NotFound', 'AgentNotFound', `Agent ${agentId} could not be found.`);
export const subnetPoolNotFound = (poolId: string) => f('NotFound', 'SubnetPoolNotFound', `Subnet pool ${poolId} could not be found.`);
export const routerInterfaceNotFound = (routerId: string, portId: string) =>
  f('NotFound', 'RouterInterfaceNotFound', `Router ${routerId} does not have an interface with id ${portId}`);
export const routerInterfaceNotFoundForSubnet = (routerId: string, subnetId: string) =>
  f('NotFound', 'RouterInterfaceNotFoundForSubnet', `Router ${routerId} has no interface on subnet ${subnetId}`);
/** A NotFound (404) in neutron-lib; note the two spaces before "Therefore". */
export const externalGatewayForFloatingIpNotFound = (externalNetworkId: string, subnetId: string, portId: string) =>
  f(
    'NotFound',
    'ExternalGatewayForFloatingIPNotFound',
    `External network ${externalNetworkId} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${portId} with a Floating IP.`,
  );
/**
 * webob's 404, which Neutron answers for unknown URLs and collections, and for PUT/DELETE of a
 * resource the caller may not even see (pecan PolicyHook: "pretend that it doesn't exist").
 */
export const resourceNotFound = () => f('NotFound', 'HTTPNotFound', 'The resource could not be found.');

// --- 409 -------------------------------------------------------------------------------------------

/** delete_network with ports left (other than DHCP/router-gateway ones); Neutron 21 lists their ids. */
export const networkInUse = (netId: string, portIds?: readonly string[]) =>
  f(
    'Conflict',
    'NetworkInUse',
    `Unable to complete operation on network ${netId}. There are one or more ports still in use on the network` +
      (portIds && portIds.length > 0 ? `, id for these ports is: ${portIds.join(',')}.` : '.'),
  );
export const subnetInUse = (subnetId: string, reason = 'One or more ports have an IP allocation from this subnet') =>
  f('Conflict', 'SubnetInUse', `Unable to complete operation on subnet ${subnetId}: ${reason}.`);
/**
 * RouterInUse's default reason is "still has ports"; delete_router with interfaces raises it with
 * `has ports still attached: <port ids, comma-space separated>` (l3_db _ensure_router_not_in_use).
 * No final period.
 */
export const routerInUse = (routerId: string, reason = 'still has ports') => f('Conflict', 'RouterInUse', `Router ${routerId} ${reason}`);
export const routerHasPortsAttached = (routerId: string, portIds: readonly string[]) => routerInUse(routerId, `has ports still attached: ${portIds.join(', ')}`);
/** No address left on any subnet of the network (neutron_lib IpAddressGenerationFailure). */
export const ipAddressGenerationFailure = (netId: string) =>
  f('Conflict', 'IpAddressGenerationFailure', `No more IP addresses available on network ${netId}.`);
export const ipAddressInUse = (netId: string, ipAddress: string) =>
  f('Conflict', 'IpAddressInUse', `Unable to complete operation for network ${netId}. The IP address ${ipAddress} is in use.`);
/**
 * What Neutron 21's default IPAM driver (neutrondb_ipam) raises when a requested fixed IP is taken:
 * neutron/ipam/exceptions.py, a Conflict, no final period.
 */
export const ipAddressAlreadyAllocated = (ip: string, subnetId: string) =>
  f('Conflict', 'IpAddressAlreadyAllocated', `IP address ${ip} already allocated in subnet ${subnetId}`);
export const macAddressInUse = (netId: string, mac: string) =>
  f('Conflict', 'MacAddressInUse', `Unable to complete operation for network ${netId}. The mac address ${mac} is in use.`);
export const portInUse = (portId: string, netId: string, deviceId: string) =>
  f('Conflict', 'PortInUse', `Unable to complete operation on port ${portId} for network ${netId}. Port already has an attached device ${deviceId}.`);
export const securityGroupRuleExists = (ruleId: string) =>
  f('Conflict', 'SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${ruleId}.`);
export const duplicateSecurityGroupRuleInPost = () => f('Conflict', 'DuplicateSecurityGroupRuleInPost', 'Duplicate Security Group Rule in POST.');
export const securityGroupInUse = (sgId: string, reason = 'in use') => f('Conflict', 'SecurityGroupInUse', `Security Group ${sgId} ${reason}.`);
/** A non-admin deleting a group named `default` (securitygroups_db.delete_security_group). */
export const securityGroupCannotRemoveDefault = () =>
  f('Conflict', 'SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');
/** Renaming the `default` group, by anyone. */
export const securityGroupCannotUpdateDefault = () => f('Conflict', 'SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');
export const floatingIpPortAlreadyAssociated = (a: { floatingIpAddress: string; fipId: string; portId: string; fixedIp: string; netId: string }) =>
  f(
    'Conflict',
    'FloatingIPPortAlreadyAssociated',
    `Cannot associate floating IP ${a.floatingIpAddress} (${a.fipId}) with port ${a.portId} using fixed IP ${a.fixedIp}, as that fixed IP already has a floating IP on external network ${a.netId}.`,
  );
export const routerInterfaceInUseByFloatingIp = (routerId: string, subnetId: string) =>
  f(
    'Conflict',
    'RouterInterfaceInUseByFloatingIP',
    `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more floating IPs.`,
  );
export const routerExternalGatewayInUseByFloatingIp = (routerId: string, netId: string) =>
  f(
    'Conflict',
    'RouterExternalGatewayInUseByFloatingIp',
    `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${netId} is required by one or more floating IPs.`,
  );
export const externalNetworkInUse = (netId: string) =>
  f('Conflict', 'ExternalNetworkInUse', `External network ${netId} cannot be updated to be made non-external, since it has existing gateway ports.`);
/** `pool` as netaddr prints an IPRange: 10.0.0.2-10.0.0.254. An InUse: 409. */
export const gatewayConflictWithAllocationPools = (gatewayIp: string, pool: string) =>
  f('Conflict', 'GatewayConflictWithAllocationPools', `Gateway ip ${gatewayIp} conflicts with allocation pool ${pool}.`);
/** A Conflict (409) in neutron-lib, pools printed as netaddr IPRanges (a-b). */
export const overlappingAllocationPools = (pool1: string, pool2: string, subnetCidr: string) =>
  f('Conflict', 'OverlappingAllocationPools', `Found overlapping allocation pools: ${pool1} ${pool2} for subnet ${subnetCidr}.`);
/** Quota exceeded for resources: ['network']. (409) */
export const overQuota = (resources: readonly string[]) => f('Conflict', 'OverQuota', `Quota exceeded for resources: ${pyStrList(resources)}.`);

// --- 400 -------------------------------------------------------------------------------------------

/** neutron_lib BadRequest: `Bad <resource> request: <msg>.` (msg without its final period). */
export const badRequest = (resource: string, msg: string) => f('BadRequest', 'BadRequest', `Bad ${resource} request: ${msg}.`);
/** neutron_lib InvalidInput: `Invalid input for operation: <msg>.` (msg without its final period). */
export const invalidInput = (msg: string) => f('BadRequest', 'InvalidInput', `Invalid input for operation: ${msg}.`);
/** A CIDR overlapping another subnet of the same network (ipam_backend_mixin._validate_subnet_cidr). */
export const overlappingSubnet = (cidr: string, networkId: string) =>
  invalidInput(`Requested subnet with cidr: ${cidr} for network: ${networkId} overlaps with another subnet`);
export const invalidAllocationPool = (pool: string) => f('BadRequest', 'InvalidAllocationPool', `The allocation pool ${pool} is not valid.`);
export const outOfBoundsAllocationPool = (pool: string, subnetCidr: string) =>
  f('BadRequest', 'OutOfBoundsAllocationPool', `The allocation pool ${pool} spans beyond the subnet cidr ${subnetCidr}.`);
export const invalidIpForNetwork = (ip: string) =>
  f('BadRequest', 'InvalidIpForNetwork', `IP address ${ip} is not a valid IP for any of the subnets on the specified network.`);
export const invalidIpForSubnet = (ip: string) => f('BadRequest', 'InvalidIpForSubnet', `IP address ${ip} is not a valid IP for the specified subnet.`);
/** webob 400s of the API layer (neutron_lib/api/attributes.py, neutron/api/v2/base.py, body_validation). */
export const httpBadRequest = (msg: string) => f('BadRequest', 'HTTPBadRequest', msg);
export const unrecognizedAttributes = (names: readonly string[]) => httpBadRequest(`Unrecognized attribute(s) '${names.join(', ')}'`);
export const attributeNotAllowedInPost = (attr: string) => httpBadRequest(`Attribute '${attr}' not allowed in POST`);
export const readOnlyAttribute = (attr: string) => httpBadRequest(`Cannot update read-only attribute ${attr}`);
export const requiredAttributeMissing = (attr: string) => httpBadRequest(`Failed to parse request. Required attribute '${attr}' not specified`);
/** An attribute's validator said no: `Invalid input for <attr>. Reason: <reason>.` */
export const invalidAttribute = (attr: string, reason: string) => httpBadRequest(`Invalid input for ${attr}. Reason: ${reason}.`);
export const resourceBodyRequired = () => httpBadRequest('Resource body required');
export const resourceMissingFromBody = (resource: string) => httpBadRequest(`Unable to find '${resource}' in request body`);
/** Body not JSON, or not an object (pecan BodyValidationHook). */
export const bodyInvalid = () => httpBadRequest('Body contains invalid data');
/** A non-admin naming another project as owner (attributes._validate_privileges). */
export const projectIdNotOwn = () =>
  httpBadRequest("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin or advsvc privileges");

// --- 403 -------------------------------------------------------------------------------------------

/**
 * An attribute rule Neutron AND's to the action: `create_network:shared`, or with sub-attribute
 * rules (dict keys of external_gateway_info, or keys of each dict in fixed_ips / allowed_address_pairs)
 * `{ rule: 'create_port:fixed_ips', sub: ['create_port:fixed_ips:subnet_id', …] }`.
 */
export type AttributeRule = string | { rule: string; sub: readonly string[] };

/**
 * The check oslo.policy prints for Neutron's match rule (neutron/policy.py _build_match_rule):
 * `rule:<action>`, then `(<so far> and <attribute rule>)` for each attribute rule in the order of the
 * resource's attribute map, an attribute with sub-rules being `(rule:<attr> and (rule:<sub> and …))`.
 */
export function neutronMatchRule(action: string, attributeRules: readonly AttributeRule[] = []): string {
  let out = `rule:${action}`;
  for (const a of attributeRules) {
    const attr = typeof a === 'string' ? `rule:${a}` : a.sub.length === 0 ? `rule:${a.rule}` : `(rule:${a.rule} and (${a.sub.map((s) => `rule:${s}`).join(' and ')}))`;
    out = `(${out} and ${attr})`;
  }
  return out;
}

/**
 * oslo.policy's PolicyNotAuthorized text as Neutron returns it: "rule:create_network is disallowed by
 * policy", or "(rule:create_network and rule:create_network:shared) is disallowed by policy" when
 * attribute rules were part of the check. Usable as PolicyEnforcer's `notAuthorizedMessage`.
 */
export function neutronPolicyMessage(action: string, attributeRules: readonly AttributeRule[] = []): string {
  return `${neutronMatchRule(action, attributeRules)} is disallowed by policy`;
}

export const policyNotAuthorized = (action: string, attributeRules: readonly AttributeRule[] = []) =>
  f('Forbidden', 'PolicyNotAuthorized', neutronPolicyMessage(action, attributeRules));

// --- 503 -------------------------------------------------------------------------------------------

/** No tenant network (VLAN/VXLAN id) left to allocate. */
export const noNetworkAvailable = () => f('ServiceUnavailable', 'NoNetworkAvailable', 'Unable to create the network. No tenant network is available for allocation.');

// --- address scopes and subnet pools (neutron_lib/exceptions/__init__.py, exceptions/address_scope.py) ---

export const addressScopeNotFound = (id: string) => f('NotFound', 'AddressScopeNotFound', `Address scope ${id} could not be found.`);
export const addressScopeInUse = (id: string) =>
  f('Conflict', 'AddressScopeInUse', `Unable to complete operation on address scope ${id}. There are one or more subnet pools in use on the address scope.`);
/** Note the space before the colon, as neutron-lib words it. */
export const addressScopeUpdateError = (id: string, reason: string) => f('BadRequest', 'AddressScopeUpdateError', `Unable to update address scope ${id} : ${reason}.`);
export const networkAddressScopeAffinityError = () =>
  f('BadRequest', 'NetworkAddressScopeAffinityError', 'Subnets of the same address family hosted on the same network must all participate in the same address scope.');
export const networkSubnetPoolAffinityError = () =>
  f('BadRequest', 'NetworkSubnetPoolAffinityError', 'Subnets hosted on the same network must be allocated from the same subnet pool.');
export const emptySubnetPoolPrefixList = () => f('BadRequest', 'EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.');
export const prefixVersionMismatch = () => f('BadRequest', 'PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.');
export const illegalSubnetPoolPrefixBounds = (prefixType: string, prefixlen: number, baseType: string, baseLen: number) =>
  f('BadRequest', 'IllegalSubnetPoolPrefixBounds', `Illegal prefix bounds: ${prefixType}=${prefixlen}, ${baseType}=${baseLen}.`);
export const illegalSubnetPoolPrefixUpdate = (msg: string) => f('BadRequest', 'IllegalSubnetPoolPrefixUpdate', `Illegal update to prefixes: ${msg}.`);
export const illegalSubnetPoolUpdate = (reason: string) => f('BadRequest', 'IllegalSubnetPoolUpdate', `Illegal subnetpool update : ${reason}.`);
export const illegalSubnetPoolAssociationToAddressScope = (poolId: string, scopeId: string) =>
  f('BadRequest', 'IllegalSubnetPoolAssociationToAddressScope', `Illegal subnetpool association: subnetpool ${poolId} cannot be associated with address scope ${scopeId}.`);
export const illegalSubnetPoolIpVersionAssociationToAddressScope = (poolId: string, scopeId: string, ipVersion: number) =>
  f(
    'BadRequest',
    'IllegalSubnetPoolIpVersionAssociationToAddressScope',
    `Illegal subnetpool association: subnetpool ${poolId} cannot associate with address scope ${scopeId} because subnetpool ip_version is not ${ipVersion}.`,
  );
export const addressScopePrefixConflict = () =>
  f('Conflict', 'AddressScopePrefixConflict', 'Failed to associate address scope: subnetpools within an address scope must have unique prefixes.');
export const minPrefixSubnetAllocationError = (prefixlen: number, min: number) =>
  f('BadRequest', 'MinPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefixlen}, minimum allowed prefix is ${min}.`);
export const maxPrefixSubnetAllocationError = (prefixlen: number, max: number) =>
  f('BadRequest', 'MaxPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefixlen}, maximum allowed prefix is ${max}.`);
/**
 * SubnetAllocationError derives from NeutronException only, which FAULT_MAP does not map: Neutron 21
 * answers it as a 500 that still carries the exception's type and message (api_common.convert_exception_to_http_exc).
 */
export const subnetAllocationError = (reason: string) => f('Internal', 'SubnetAllocationError', `Failed to allocate subnet: ${reason}.`);
/** delete_subnetpool with subnets allocated from it: a BadRequest (400) in Neutron 21. */
export const subnetPoolDeleteError = (reason: string) => f('BadRequest', 'SubnetPoolDeleteError', `Unable to delete subnet pool: ${reason}.`);
/** An OverQuota (409). */
export const subnetPoolQuotaExceeded = () => f('Conflict', 'SubnetPoolQuotaExceeded', 'Per-tenant subnet pool prefix quota exceeded.');
/** netaddr.AddrFormatError, which FAULT_MAP turns into a 400 under its own class name. */
export const addrFormatError = (value: string) => f('BadRequest', 'AddrFormatError', `invalid IPNetwork ${value}`);

// --- rendering -------------------------------------------------------------------------------------

/** The webob class Neutron's answer carries when no Neutron exception names the error. */
const WEBOB_TYPES: Record<number, string> = {
  400: 'HTTPBadRequest',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPRequestEntityTooLarge',
  415: 'HTTPUnsupportedMediaType',
  501: 'HTTPNotImplemented',
  503: 'HTTPServiceUnavailable',
};

const INTERNAL_ERROR_MESSAGE = 'Request Failed: internal server error while processing your request.';

/** keystonemiddleware's answer: it rejects the token before Neutron runs, in Keystone's error shape. */
const UNAUTHORIZED_BODY = { error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } };

/** Keystone's URL on the host the client reached, for keystonemiddleware's WWW-Authenticate. */
function identityUri(req: Parameters<FaultRenderer>[1]): string {
  const host = req.hostname || '127.0.0.1';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  const local = req.socket?.localPort;
  const port = typeof local === 'number' ? local - SERVICE_PORTS.network + SERVICE_PORTS.identity : SERVICE_PORTS.identity;
  return `${req.protocol}://${name}:${port}`;
}

/**
 * Renders any ServiceError as Neutron does: a NeutronFault with its own type; the policy engine's
 * denial as oslo.policy's PolicyNotAuthorized; 401 as keystonemiddleware's JSON with
 * WWW-Authenticate; 500 with Neutron's fixed text; anything else with webob's class for the status.
 */
export const renderNeutronFault: FaultRenderer = (err: ServiceError, req) => {
  if (err.status === 401) {
    return { status: 401, body: UNAUTHORIZED_BODY, headers: { 'WWW-Authenticate': `Keystone uri="${identityUri(req)}"` } };
  }
  let type: string;
  let message = err.message;
  if (err instanceof NeutronFault) type = err.type;
  else if (err instanceof PolicyNotAuthorized) type = 'PolicyNotAuthorized';
  else if (err.status >= 500 && err.status !== 501 && err.status !== 503) {
    type = 'HTTPInternalServerError';
    message = INTERNAL_ERROR_MESSAGE;
  } else type = WEBOB_TYPES[err.status] ?? 'HTTPBadRequest';
  return { status: err.status, body: { NeutronError: { type, message, detail: '' } } };
};

// --- QoS, RBAC policies, trunks ---------------------------------------------------------------------
// neutron_lib/exceptions/qos.py, neutron/extensions/rbac.py, neutron/db/rbac_db_models.py,
// neutron/services/trunk/exceptions.py (Neutron 21.0.0).

export const qosPolicyNotFound = (policyId: string) => f('NotFound', 'QosPolicyNotFound', `QoS policy ${policyId} could not be found.`);
export const qosRuleNotFound = (ruleId: string, policyId: string) =>
  f('NotFound', 'QosRuleNotFound', `QoS rule ${ruleId} for policy ${policyId} could not be found.`);
/** QosPolicy.delete: the first binding found, checked port, network, fip, router in that order. */
export const qosPolicyInUse = (policyId: string, objectType: string, objectId: string) =>
  f('Conflict', 'QosPolicyInUse', `QoS Policy ${policyId} is used by ${objectType} ${objectId}.`);
/** A second bandwidth_limit rule in the same direction (qos_policy_validator.check_rules_conflict). */
export const qosRulesConflict = (newRuleType: string, ruleId: string, policyId: string) =>
  f('Conflict', 'QoSRulesConflict', `Rule ${newRuleType} conflicts with rule ${ruleId} which already exists in QoS Policy ${policyId}.`);
export const qosPolicyDefaultAlreadyExists = (projectId: string) =>
  f('Conflict', 'QoSPolicyDefaultAlreadyExists', `A default QoS policy exists for project ${projectId}.`);
/** Detaching a policy the caller can no longer see from a port or network (core_extensions/qos.py). */
export const policyRemoveAuthorizationError = (policyId: string) =>
  f('Forbidden', 'PolicyRemoveAuthorizationError', `Failed to remove provided policy ${policyId} because you are not authorized.`);
/** neutron_lib NotAuthorized, e.g. GET /v2.0/qos/rule-types/{type} by a non-admin. */
export const notAuthorized = () => f('Forbidden', 'NotAuthorized', 'Not authorized.');

export const rbacPolicyNotFound = (id: string, objectType = 'unknown') =>
  f('NotFound', 'RbacPolicyNotFound', `RBAC policy of type ${objectType} with ID ${id} not found`);
export const rbacPolicyInUse = (objectId: string, details: string) =>
  f('Conflict', 'RbacPolicyInUse', `RBAC policy on object ${objectId} cannot be removed because other objects depend on it.\nDetails: ${details}`);
export const duplicateRbacPolicy = () => f('Conflict', 'DuplicateRbacPolicy', 'An RBAC policy already exists with those values.');
/** An InvalidInput whose message is its own (no "Invalid input for operation:" prefix); valid actions as a Python tuple. */
export const invalidActionForType = (action: string, objectType: string, valid: readonly string[]) =>
  f(
    'BadRequest',
    'InvalidActionForType',
    `Invalid action '${action}' for object type '${objectType}'. Valid actions: (${valid.map((a) => `'${a}'`).join(', ')}${valid.length === 1 ? ',' : ''})`,
  );
/** InvalidSharedSetting as ensure_no_tenant_ports_on_network raises it (a Conflict). */
export const invalidSharedSetting = (network: string) =>
  f('Conflict', 'InvalidSharedSetting', `Unable to reconfigure sharing settings for network ${network}. Multiple tenants are using it.`);

export const trunkNotFound = (trunkId: string) => f('NotFound', 'TrunkNotFound', `Trunk ${trunkId} could not be found.`);
export const subPortNotFound = (trunkId: string, portId: string) => f('NotFound', 'SubPortNotFound', `SubPort ${portId} on trunk ${trunkId} could not be found.`);
export const trunkPortInUse = (portId: string) => f('Conflict', 'TrunkPortInUse', `Port ${portId} is in use by another trunk.`);
export const duplicateSubPort = (segmentationType: string, segmentationId: number, trunkId: string) =>
  f('Conflict', 'DuplicateSubPort', `segmentation_type ${segmentationType} and segmentation_id ${segmentationId} already in use on trunk ${trunkId}.`);
export const parentPortInUse = (portId: string) => f('Conflict', 'ParentPortInUse', `Port ${portId} is currently in use and is not eligible for use as a parent port.`);
export const portInUseAsTrunkParent = (portId: string, trunkId: string) =>
  f('Conflict', 'PortInUseAsTrunkParent', `Port ${portId} is currently a parent port for trunk ${trunkId}.`);
export const portInUseAsSubPort = (portId: string, trunkId: string) => f('Conflict', 'PortInUseAsSubPort', `Port ${portId} is currently a subport for trunk ${trunkId}.`);
export const trunkDisabled = (trunkId: string) => f('Conflict', 'TrunkDisabled', `Trunk ${trunkId} is currently disabled.`);
export const subPortMtuGreaterThanTrunkPortMtu = (a: { portId: string; portMtu: number; trunkId: string; trunkMtu: number }) =>
  f('Conflict', 'SubPortMtuGreaterThanTrunkPortMtu', `MTU ${a.portMtu} of subport ${a.portId} cannot be greater than MTU ${a.trunkMtu} of trunk ${a.trunkId}.`);
