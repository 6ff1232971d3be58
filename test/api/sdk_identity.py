"""Identity walkthrough through Debian's openstacksdk (python3-openstacksdk), as a student's script would do it.

Run by test/api/identity-sdk.test.ts with OS_CLIENT_CONFIG_FILE pointing at the lab's clouds.yaml.
Prints one JSON document on stdout: what each call returned (or raised), for the TypeScript test to assert on.
"""
import json
import sys

import openstack
from openstack import exceptions


def main():
    cloud = sys.argv[1] if len(sys.argv) > 1 else 'stacklab-admin'
    conn = openstack.connect(cloud=cloud)
    out = {}

    token = conn.authorize()
    out['authorize'] = {
        'token_len': len(token),
        'user_id': conn.current_user_id,
        'project_id': conn.current_project_id,
    }

    out['projects_before'] = sorted(p.name for p in conn.identity.projects())

    project = conn.identity.create_project(name='sdkProject', description='made by the sdk', domain_id='default')
    out['project'] = {
        'id': project.id, 'name': project.name, 'description': project.description,
        'domain_id': project.domain_id, 'is_enabled': project.is_enabled, 'is_domain': project.is_domain,
        'parent_id': project.parent_id,
    }
    fetched = conn.identity.get_project(project.id)
    out['project_get'] = {'id': fetched.id, 'name': fetched.name, 'description': fetched.description}

    user = conn.identity.create_user(name='sdkuser', password='sdkpass', default_project_id=project.id,
                                     email='sdk@example.org', domain_id='default')
    out['user'] = {
        'id': user.id, 'name': user.name, 'email': user.email, 'domain_id': user.domain_id,
        'default_project_id': user.default_project_id, 'is_enabled': user.is_enabled,
    }
    found = conn.identity.find_user('sdkuser')
    out['find_user'] = {'id': found.id if found else None, 'name': found.name if found else None}
    out['find_user_missing'] = conn.identity.find_user('no-such-user') is None

    group = conn.identity.create_group(name='sdkgroup', description='sdk group', domain_id='default')
    out['group'] = {'id': group.id, 'name': group.name, 'description': group.description, 'domain_id': group.domain_id}
    conn.identity.add_user_to_group(user, group)
    out['user_in_group'] = conn.identity.check_user_in_group(user, group)

    member = conn.identity.find_role('member')
    reader = conn.identity.find_role('reader')
    conn.identity.assign_project_role_to_user(project, user, member)
    out['has_member'] = conn.identity.validate_user_has_project_role(project, user, member)
    out['has_reader_direct'] = conn.identity.validate_user_has_project_role(project, user, reader)
    out['grant_role'] = conn.grant_role('_member_', user=user.id, project=project.id)

    def assignment(a):
        return {
            'role': (a.role or {}).get('id'),
            'user': (a.user or {}).get('id'),
            'project': ((a.scope or {}).get('project') or {}).get('id'),
        }

    out['assignments'] = sorted(
        (assignment(a) for a in conn.identity.role_assignments(user_id=user.id, scope_project_id=project.id)),
        key=lambda a: a['role'] or '')
    out['assignments_effective'] = sorted(
        (assignment(a) for a in conn.identity.role_assignments(user_id=user.id, scope_project_id=project.id, effective=True)),
        key=lambda a: a['role'] or '')
    out['role_ids'] = {r.name: r.id for r in conn.identity.roles()}

    out['services'] = sorted(({'type': s.type, 'name': s.name, 'id': s.id, 'enabled': s.is_enabled}
                              for s in conn.identity.services()), key=lambda s: s['type'])
    out['endpoints'] = sorted(({'service_id': e.service_id, 'interface': e.interface, 'url': e.url, 'region_id': e.region_id,
                                'enabled': e.is_enabled} for e in conn.identity.endpoints()),
                              key=lambda e: (e['service_id'], e['interface']))
    out['regions'] = sorted(r.id for r in conn.identity.regions())

    # The user the SDK just made can log in with its password, scoped to its project.
    dev = openstack.connect(auth_url=conn.auth['auth_url'], username='sdkuser', password='sdkpass',
                            project_name='sdkProject', user_domain_name='Default', project_domain_name='Default',
                            region_name='RegionOne', identity_api_version='3')
    dev.authorize()
    out['dev_login'] = {'user_id': dev.current_user_id, 'project_id': dev.current_project_id}

    try:
        conn.identity.get_project('nope')
        out['get_missing'] = {'raised': None}
    except exceptions.ResourceNotFound as e:
        out['get_missing'] = {'raised': type(e).__name__, 'status_code': e.status_code, 'message': str(e)}
    except Exception as e:  # noqa: BLE001 - the test reports what was raised instead
        out['get_missing'] = {'raised': type(e).__name__, 'status_code': getattr(e, 'status_code', None), 'message': str(e)}

    try:
        conn.identity.create_project(name='sdkProject', domain_id='default')
        out['duplicate'] = {'raised': None}
    except exceptions.ConflictException as e:
        out['duplicate'] = {'raised': type(e).__name__, 'status_code': e.status_code, 'message': str(e)}
    except Exception as e:  # noqa: BLE001
        out['duplicate'] = {'raised': type(e).__name__, 'status_code': getattr(e, 'status_code', None), 'message': str(e)}

    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
