import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { PolicyNotAuthorized, ServiceError } from '../core/errors';
import { PolicyEnforcer } from '../core/policy';
import type { Credentials } from '../core/policy';
import { networkExtensionAliases, networkExtensions } from './extensions';
import { neutronMatchRule, neutronPolicyMessage, overQuota, networkNotFound, renderNeutronFault, unrecognizedAttributes } from './faults';
import { fieldCheckHolds, networkFieldChecks, networkPolicies, neutronPolicyCredentials } from './policies';

/** A project-scoped token's policy values (Keystone's implied roles: member implies reader). */
function projectToken(userId: string, projectId: string, roles: string[]): Credentials {
  return { user_id: userId, project_id: projectId, domain_id: null, system_scope: null, roles, is_admin: false, is_admin_project: true };
}
const admin = projectToken('u-admin', 'p-admin', ['admin', 'member', 'reader']);
const alice = projectToken('u-alice', 'p-a', ['member', 'reader']);
const bob = projectToken('u-bob', 'p-b', ['member', 'reader']);

const neutron = new PolicyEnforcer(networkPolicies, { notAuthorizedMessage: neutronPolicyMessage });
/** Neutron's own way: creds as its context gives them, rebuilt for each target. */
const allowed = (action: string, target: Record<string, unknown>, creds: Credentials) => neutron.enforce(action, target, neutronPolicyCredentials(creds, target));

const owned = (projectId: string, extra: Record<string, unknown> = {}) => ({ project_id: projectId, tenant_id: projectId, ...extra });

describe('Neutron default rules', () => {
  it('are all well formed, unique, and only reference defined rules', () => {
    assert.equal(networkPolicies.length, 261);
    assert.equal(new Set(networkPolicies.map((r) => r.name)).size, 261);
    assert.deepEqual(neutron.validate(), []);
  });

  it('carry the effective (new or deprecated) check strings', () => {
    const get = (name: string) => networkPolicies.find((r) => r.name === name)?.checkStr;
    assert.equal(get('create_network'), '(rule:admin_only or role:member and project_id:%(project_id)s) or (rule:regular_user)');
    assert.equal(get('create_network:provider:network_type'), 'rule:admin_only');
    assert.equal(get('owner'), 'tenant_id:%(tenant_id)s');
    assert.equal(get('shared'), 'field:networks:shared=True');
    assert.equal(get('default'), 'rule:admin_or_owner');
  });

  it('let an admin create a provider network', () => {
    const body = owned('p-admin', { name: 'physnet', 'provider:network_type': 'vlan', 'provider:physical_network': 'extnet', shared: true });
    for (const rule of ['create_network', 'create_network:provider:network_type', 'create_network:provider:physical_network', 'create_network:shared']) {
      assert.ok(allowed(rule, body, admin), rule);
    }
  });

  it('let a member create a plain network in its project, but not choose its provider type', () => {
    const body = owned('p-a', { name: 'net1', 'provider:network_type': 'vxlan' });
    assert.ok(allowed('create_network', body, alice));
    assert.equal(allowed('create_network:provider:network_type', body, alice), false);
    assert.equal(allowed('create_network:shared', body, alice), false);
    assert.throws(
      () => neutron.authorize('create_network:provider:network_type', body, neutronPolicyCredentials(alice, body)),
      (e: unknown) => e instanceof PolicyNotAuthorized && e.status === 403 && e.message === 'rule:create_network:provider:network_type is disallowed by policy',
    );
  });

  it('let a member see a shared or external network of another project, not a private one', () => {
    const net = owned('p-a', { id: 'n1', name: 'net1', shared: true, 'router:external': false });
    assert.ok(allowed('get_network', net, bob));
    assert.equal(allowed('get_network', { ...net, shared: false }, bob), false);
    assert.ok(allowed('get_network', { ...net, shared: false, 'router:external': true }, bob));
    assert.ok(allowed('get_network', { ...net, shared: false }, alice));
    // provider attributes stay hidden from non-admins, even on their own network
    assert.equal(allowed('get_network:provider:network_type', net, alice), false);
    assert.ok(allowed('get_network:provider:network_type', net, admin));
  });

  it('match owners through tenant_id as Neutron does (the deprecated half of every rule)', () => {
    const net = owned('p-a', { shared: false });
    const memberOnly = projectToken('u-alice', 'p-a', ['member']);
    // without reader, only `rule:admin_or_owner` (tenant_id:%(tenant_id)s) lets the owner in
    assert.ok(allowed('get_network', net, memberOnly));
    assert.equal(neutron.enforce('get_network', net, memberOnly), false, 'plain credentials lack tenant_id');
  });

  it('check parent ownership through flat keys such as network:tenant_id', () => {
    // alice creates a port on bob's shared network: she may ask for fixed IPs on it, not a MAC
    const port = owned('p-a', { network_id: 'n-bob', 'network:tenant_id': 'p-b', mac_address: 'fa:16:3e:00:00:01' });
    assert.ok(allowed('create_port', port, alice));
    assert.equal(allowed('create_port:mac_address', port, alice), false);
    assert.ok(allowed('create_port:mac_address', port, bob));
    assert.ok(neutron.enforce('create_port:fixed_ips', port, neutronPolicyCredentials(alice, port, { shared: true })));
    assert.equal(neutron.enforce('create_port:fixed_ips', port, neutronPolicyCredentials(alice, port, { shared: false })), false);
  });

  it('guard network device owners (field:port:device_owner=~^network:)', () => {
    const port = owned('p-a', { network_id: 'n-bob', 'network:tenant_id': 'p-b' });
    assert.ok(allowed('create_port:device_owner', { ...port, device_owner: 'compute:nova' }, alice));
    assert.equal(allowed('create_port:device_owner', { ...port, device_owner: 'network:router_interface' }, alice), false);
    assert.ok(allowed('create_port:device_owner', { ...port, device_owner: 'network:router_interface' }, bob));
  });

  it('evaluate field checks like Neutron FieldCheck', () => {
    assert.deepEqual(
      [...networkFieldChecks].sort(),
      [
        'address_groups:shared=True',
        'address_scopes:shared=True',
        'networks:router:external=True',
        'networks:shared=True',
        'port:device_owner=~^network:',
        'rbac_policy:target_project=*',
        'rbac_policy:target_tenant=*',
        'subnetpools:shared=True',
      ],
    );
    assert.ok(fieldCheckHolds('networks:shared=True', { shared: true }));
    assert.equal(fieldCheckHolds('networks:shared=True', { shared: 'True' }), false);
    assert.ok(fieldCheckHolds('networks:shared=True', { network_id: 'n' }, { shared: true }));
    assert.equal(fieldCheckHolds('networks:router:external=True', { network_id: 'n' }, { shared: true }), false);
    assert.ok(fieldCheckHolds('rbac_policy:target_tenant=*', { target_tenant: '*' }));
    assert.equal(allowed('create_rbac_policy:target_tenant', owned('p-a', { target_tenant: '*' }), alice), false);
    assert.ok(allowed('create_rbac_policy:target_tenant', owned('p-a', { target_tenant: 'p-b' }), alice));
  });

  it("word denials as oslo.policy prints Neutron's match rule", () => {
    assert.equal(neutronPolicyMessage('create_network'), 'rule:create_network is disallowed by policy');
    assert.equal(
      neutronMatchRule('create_network', ['create_network:shared', 'create_network:provider:network_type']),
      '((rule:create_network and rule:create_network:shared) and rule:create_network:provider:network_type)',
    );
    assert.equal(
      neutronMatchRule('create_port', [{ rule: 'create_port:fixed_ips', sub: ['create_port:fixed_ips:subnet_id', 'create_port:fixed_ips:ip_address'] }]),
      '(rule:create_port and (rule:create_port:fixed_ips and (rule:create_port:fixed_ips:subnet_id and rule:create_port:fixed_ips:ip_address)))',
    );
  });
});

describe('Neutron faults and extensions', () => {
  const req = { hostname: '127.0.0.1:9696', protocol: 'http', socket: { localPort: 9696 } } as unknown as FastifyRequest;

  it('render NeutronError bodies', () => {
    assert.deepEqual(renderNeutronFault(networkNotFound('n1'), req), {
      status: 404,
      body: { NeutronError: { type: 'NetworkNotFound', message: 'Network n1 could not be found.', detail: '' } },
    });
    assert.deepEqual(renderNeutronFault(overQuota(['network']), req).body, {
      NeutronError: { type: 'OverQuota', message: "Quota exceeded for resources: ['network'].", detail: '' },
    });
    assert.equal(unrecognizedAttributes(['foo', 'bar']).message, "Unrecognized attribute(s) 'foo, bar'");
    const denied = renderNeutronFault(new PolicyNotAuthorized('create_network', neutronPolicyMessage('create_network')), req);
    assert.deepEqual(denied, {
      status: 403,
      body: { NeutronError: { type: 'PolicyNotAuthorized', message: 'rule:create_network is disallowed by policy', detail: '' } },
    });
    assert.deepEqual(renderNeutronFault(new ServiceError('NotFound', 'The resource could not be found.'), req).body, {
      NeutronError: { type: 'HTTPNotFound', message: 'The resource could not be found.', detail: '' },
    });
    const boom = renderNeutronFault(new ServiceError('Internal', 'stack trace here'), req);
    assert.equal(boom.status, 500);
    assert.deepEqual(boom.body, {
      NeutronError: { type: 'HTTPInternalServerError', message: 'Request Failed: internal server error while processing your request.', detail: '' },
    });
    const unauth = renderNeutronFault(new ServiceError('Unauthorized', 'x'), req);
    assert.equal(unauth.status, 401);
    assert.equal(unauth.headers?.['WWW-Authenticate'], 'Keystone uri="http://127.0.0.1:5000"');
  });

  it('list the implemented extensions once each', () => {
    assert.equal(networkExtensionAliases.size, networkExtensions.length);
    assert.ok(networkExtensionAliases.has('provider') && !networkExtensionAliases.has('dvr'));
    // only what is implemented: no port forwarding, segments or L3 HA
    for (const absent of ['port_forwarding', 'segment', 'l3-ha']) assert.ok(!networkExtensionAliases.has(absent), absent);
    const router = networkExtensions.find((e) => e.alias === 'router');
    assert.deepEqual(router && { name: router.name, updated: router.updated, links: router.links }, {
      name: 'Neutron L3 Router',
      updated: '2012-07-20T10:00:00-00:00',
      links: [],
    });
  });
});
