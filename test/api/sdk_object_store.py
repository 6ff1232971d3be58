"""Swift through Debian's openstacksdk (python3-openstacksdk), as a student's script would use it.

Run by test/api/object-store-cli.test.ts with OS_CLIENT_CONFIG_FILE pointing at the lab's clouds.yaml;
argv: cloud name. Prints one JSON document on stdout for the TypeScript test to assert on.
"""
import json
import sys

import openstack


def main():
    conn = openstack.connect(cloud=sys.argv[1])
    out = {}
    store = conn.object_store
    store.create_container(name='sdk-c')
    store.set_container_metadata('sdk-c', **{'owner': 'sdk'})
    store.upload_object(container='sdk-c', name='notes/a.txt', data=b'first file\n')
    store.upload_object(container='sdk-c', name='b.bin', data=bytes(range(256)) * 4)
    # the cloud layer asks /info for the segment size before it uploads
    conn.create_object('sdk-c', 'c.txt', data='from create_object')
    out['names'] = sorted(o.name for o in store.objects('sdk-c'))
    out['a'] = store.download_object('notes/a.txt', container='sdk-c').decode()
    out['b_len'] = len(store.download_object('b.bin', container='sdk-c'))
    store.set_object_metadata('b.bin', container='sdk-c', color='blue')
    meta = store.get_object_metadata('b.bin', container='sdk-c')
    out['b_meta'] = {'color': meta.metadata.get('color'), 'etag': meta.etag, 'length': meta.content_length}
    c = store.get_container_metadata('sdk-c')
    out['container'] = {'count': c.object_count, 'bytes': c.bytes_used, 'meta': c.metadata}
    info = store.get_info()
    out['max_file_size'] = info.swift.get('max_file_size')
    for name in out['names']:
        store.delete_object(name, container='sdk-c')
    store.delete_container('sdk-c')
    out['containers_after'] = [c.name for c in store.containers()]
    print(json.dumps(out))


if __name__ == '__main__':
    main()
