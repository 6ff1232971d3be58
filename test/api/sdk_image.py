"""Glance through Debian's openstacksdk (python3-openstacksdk), as a student's script would do it.

Run by test/api/image-inspection.test.ts with OS_CLIENT_CONFIG_FILE pointing at the lab's clouds.yaml;
argv: cloud name, path of a disk image to upload, path to download it to.
Prints one JSON document on stdout for the TypeScript test to assert on.
"""
import json
import sys

import openstack


def main():
    cloud, src, dst = sys.argv[1], sys.argv[2], sys.argv[3]
    conn = openstack.connect(cloud=cloud)
    out = {}
    image = conn.image.create_image(name='sdk-disk', filename=src, disk_format='raw', container_format='bare',
                                    validate_checksum=True, wait=True)
    got = conn.image.get_image(image.id)
    out['image'] = {'id': got.id, 'status': got.status, 'size': got.size, 'checksum': got.checksum,
                    'hash_algo': got.hash_algo, 'visibility': got.visibility, 'disk_format': got.disk_format,
                    'md5_prop': got.properties.get('owner_specified.openstack.md5')}
    conn.image.download_image(got, output=dst)
    conn.image.add_tag(got, 'sdk')
    out['tags'] = conn.image.get_image(got.id).tags
    out['names'] = sorted(i.name for i in conn.image.images())
    out['schema_name'] = conn.image.get_image_schema().to_dict().get('name')
    conn.image.delete_image(got)
    out['after_delete'] = conn.image.find_image(got.id) is None
    print(json.dumps(out))


if __name__ == '__main__':
    main()
