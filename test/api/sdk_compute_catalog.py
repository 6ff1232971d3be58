"""Nova's catalog through Debian's openstacksdk (python3-openstacksdk 0.101), as a student's script would use it.

Run by test/api/compute-catalog-cli.test.ts with OS_CLIENT_CONFIG_FILE pointing at the lab's clouds.yaml.
Prints one JSON document: what each call returned (or raised), for the TypeScript test to assert on.
"""
import json
import sys

import openstack
from openstack import exceptions


def raised(fn):
    try:
        fn()
        return {'raised': None}
    except exceptions.HttpException as e:
        return {'raised': type(e).__name__, 'status_code': e.status_code, 'message': e.details}


def main():
    conn = openstack.connect(cloud=sys.argv[1] if len(sys.argv) > 1 else 'stacklab-admin')
    c = conn.compute
    out = {}
    out['flavors'] = [[f.name, f.ram, f.vcpus, f.disk, f.is_public] for f in c.flavors(details=True)]
    tiny = c.find_flavor('m1.tiny')
    out['tiny'] = {'id': tiny.id, 'ram': tiny.ram, 'swap': tiny.swap, 'extra_specs': tiny.extra_specs}
    f = c.create_flavor(name='sdkflavor', ram=128, vcpus=1, disk=0, description='from the sdk')
    c.create_flavor_extra_specs(f, {'hw:cpu_policy': 'shared'})
    out['flavor'] = {'name': f.name, 'description': f.description, 'specs': c.fetch_flavor_extra_specs(f).extra_specs}
    c.delete_flavor(f)
    out['flavor_gone'] = c.find_flavor('sdkflavor') is None

    kp = c.create_keypair(name='sdkkey')
    out['keypair'] = {'name': kp.name, 'type': kp.type, 'has_private': kp.private_key.startswith('-----BEGIN'), 'fingerprint_len': len(kp.fingerprint)}
    out['keypairs'] = [k.name for k in c.keypairs()]
    c.delete_keypair('sdkkey')

    g = c.create_server_group(name='sdkgroup', policy='anti-affinity', rules={'max_server_per_host': 1})
    out['group'] = {'policy': g.policy, 'rules': g.rules, 'members': g.member_ids}
    c.delete_server_group(g)

    agg = c.create_aggregate(name='sdkagg', availability_zone='sdkzone')
    c.add_host_to_aggregate(agg, 'localhost')
    out['zones'] = sorted(z.name for z in c.availability_zones())
    c.set_aggregate_metadata(agg, {'ssd': 'true'})
    agg = c.get_aggregate(agg)
    out['aggregate'] = {'hosts': agg.hosts, 'metadata': agg.metadata, 'zone': agg.availability_zone, 'has_uuid': bool(agg.uuid)}
    c.remove_host_from_aggregate(agg, 'localhost')
    c.delete_aggregate(agg)

    hyps = list(c.hypervisors(details=True))
    out['hypervisors'] = [{'name': h.name, 'state': h.state, 'status': h.status, 'type': h.hypervisor_type} for h in hyps]
    out['services'] = sorted([s.binary, s.host, s.status, s.state, s.availability_zone] for s in c.services())
    limits = c.get_limits()
    out['limits'] = {'instances': limits.absolute.instances, 'cores': limits.absolute.total_cores, 'keypairs': limits.absolute.keypairs}
    q = conn.get_compute_quotas(conn.current_project_id)
    out['quotas'] = {'instances': q['instances'], 'cores': q['cores'], 'ram': q['ram']}
    out['missing_flavor'] = raised(lambda: c.get_flavor('nope'))
    print(json.dumps(out))


if __name__ == '__main__':
    main()
