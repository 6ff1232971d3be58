"""Servers through Debian's openstacksdk (python3-openstacksdk 0.101), as a student's script would use them.

Run by test/api/compute-servers-cli.test.ts with OS_CLIENT_CONFIG_FILE pointing at the lab's clouds.yaml.
Prints one JSON document: what each call returned (or raised), for the TypeScript test to assert on.
"""
import json
import sys

import openstack
from openstack import exceptions


def main():
    conn = openstack.connect(cloud=sys.argv[1] if len(sys.argv) > 1 else 'stacklab-admin')
    out = {}
    image = conn.image.find_image('cirros')
    flavor = conn.compute.find_flavor('m1.tiny')
    net = conn.network.find_network('intnet')

    # the proxy layer (negotiates the server resource's microversion, 2.73 at most)
    s = conn.compute.create_server(name='sdk-vm', image_id=image.id, flavor_id=flavor.id, networks=[{'uuid': net.id}])
    s = conn.compute.wait_for_server(s, status='ACTIVE', wait=60)
    out['proxy'] = {
        'status': s.status, 'power_state': s.power_state, 'vm_state': s.vm_state, 'host': s.compute_host,
        'flavor_name': s.flavor.original_name if s.flavor else None, 'flavor_ram': s.flavor.ram if s.flavor else None,
        'addresses': s.addresses, 'is_locked': s.is_locked, 'hostname': s.hostname,
        'launched_at': s.launched_at, 'image_id': s.image.id if s.image else None,
    }
    conn.compute.pause_server(s)
    out['paused'] = conn.compute.get_server(s.id).status
    conn.compute.unpause_server(s)
    conn.compute.lock_server(s, locked_reason='sdk says so')
    locked = conn.compute.get_server(s.id)
    out['locked'] = {'is_locked': locked.is_locked}
    conn.compute.unlock_server(s)
    out['console'] = conn.compute.get_server_console_output(s, length=3)['output']
    # (0.101's server_actions() trips on its own query mapping; the session reads the same URL)
    out['actions'] = sorted(a['action'] for a in conn.compute.get(f'/servers/{s.id}/os-instance-actions').json()['instanceActions'])
    try:
        conn.compute.start_server(s)
        out['start_active'] = {'raised': None}
    except exceptions.HttpException as e:
        out['start_active'] = {'raised': type(e).__name__, 'status_code': e.status_code, 'message': e.details}
    conn.compute.delete_server(s)
    conn.compute.wait_for_delete(s, wait=60)
    out['gone'] = conn.compute.find_server('sdk-vm') is None

    # the cloud layer: names resolved through Glance/Nova/Neutron, waits for ACTIVE
    c = conn.create_server('sdk-cloud', image='cirros', flavor='m1.tiny', network='intnet', wait=True, auto_ip=False, timeout=60)
    out['cloud'] = {'status': c.status, 'private_v4': c.private_v4, 'flavor': c.flavor.get('original_name') or c.flavor.get('name')}
    out['cloud_deleted'] = conn.delete_server('sdk-cloud', wait=True, timeout=60)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
