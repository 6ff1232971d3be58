import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bootSector, htmlRedirectPage, qcow2Image, rawDisk } from '../../../test/support/images';
import { HEAD_BYTES, type ByteReader, UploadInspector, inspect } from './inspector';

/** Feeds `bytes` in uneven chunks, as a network upload arrives, then judges them. */
async function inspectBytes(bytes: Buffer, chunk = 7919): Promise<ReturnType<UploadInspector['finish']>> {
  const ins = new UploadInspector();
  for (let at = 0; at < bytes.length; at += chunk) ins.push(bytes.subarray(at, at + chunk));
  const read: ByteReader = async (offset, length) => bytes.subarray(offset, offset + length);
  return ins.finish(read);
}

describe('image inspector', () => {
  it('maps a qcow2 to its first guest sector: a boot sector makes it bootable', async () => {
    assert.deepEqual(await inspectBytes(qcow2Image({ virtualSize: 1 << 30 })), { format: 'qcow2', bootable: true, virtualSize: 1 << 30 });
    assert.deepEqual(await inspectBytes(qcow2Image({ bootable: false })), { format: 'qcow2', bootable: false, virtualSize: 64 * 1024 * 1024 });
    assert.deepEqual(await inspectBytes(qcow2Image({ mapped: false })), { format: 'qcow2', bootable: false, virtualSize: 64 * 1024 * 1024 });
  });

  it('calls a valid qcow2 it cannot map bootable', async () => {
    const img = qcow2Image();
    // a backing file supplies the unallocated clusters: cannot be followed here
    const backed = qcow2Image({ mapped: false });
    backed.writeBigUInt64BE(0x200n, 8);
    assert.equal((await inspectBytes(backed)).bootable, true);
    // a compressed first cluster
    const compressed = Buffer.from(img);
    compressed.writeBigUInt64BE(compressed.readBigUInt64BE(4 * 65536) | (1n << 62n), 4 * 65536);
    assert.equal((await inspectBytes(compressed)).bootable, true);
    // without random access (header only)
    assert.equal((await inspect(img.subarray(0, HEAD_BYTES), img.subarray(-512), img.length)).bootable, true);
    // a broken header is no qcow2
    const bad = Buffer.from(img);
    bad.writeUInt32BE(7, 4);
    assert.notEqual((await inspectBytes(bad)).format, 'qcow2');
  });

  it('recognizes a raw disk by its MBR', async () => {
    assert.deepEqual(await inspectBytes(rawDisk(2 * 1024 * 1024)), { format: 'raw', bootable: true, virtualSize: 2 * 1024 * 1024 });
    assert.deepEqual(await inspectBytes(rawDisk(4096, { bootable: false })), { format: 'unknown', bootable: false });
  });

  it('recognizes HTML whatever its case and leading blanks, and other text', async () => {
    assert.deepEqual(await inspectBytes(htmlRedirectPage()), { format: 'html', bootable: false });
    assert.equal((await inspectBytes(Buffer.from('\uFEFF  \r\n<HTML><body>moved</body></HTML>'))).format, 'html');
    assert.equal((await inspectBytes(Buffer.from('<head><title>x</title></head>'))).format, 'html');
    assert.deepEqual(await inspectBytes(Buffer.from('Not Found\n')), { format: 'text', bootable: false });
    assert.deepEqual(await inspectBytes(Buffer.alloc(0)), { format: 'empty', bootable: false });
  });

  it('recognizes ISO 9660 (El Torito bootable), VMDK, VHD, VHDX and VDI headers', async () => {
    const iso = Buffer.alloc(0x9000);
    iso[0x8000] = 1;
    iso.write('CD001', 0x8001, 'latin1');
    assert.deepEqual(await inspectBytes(iso), { format: 'iso', bootable: false });
    iso[0x8800] = 0;
    iso.write('CD001', 0x8801, 'latin1');
    iso.write('EL TORITO SPECIFICATION', 0x8807, 'latin1');
    assert.deepEqual(await inspectBytes(iso), { format: 'iso', bootable: true });

    const vmdk = Buffer.alloc(4096);
    vmdk.write('KDMV', 0, 'latin1');
    vmdk.writeBigUInt64LE(2048n, 12);
    assert.deepEqual(await inspectBytes(vmdk), { format: 'vmdk', bootable: true, virtualSize: 2048 * 512 });
    const descriptor = Buffer.from('# Disk DescriptorFile\nversion=1\ncreateType="monolithicFlat"\nRW 4096 FLAT "disk-flat.vmdk" 0\n');
    assert.deepEqual(await inspectBytes(descriptor), { format: 'vmdk', bootable: true, virtualSize: 4096 * 512 });

    const footer = Buffer.alloc(512);
    footer.write('conectix', 0, 'latin1');
    footer.writeBigUInt64BE(1048576n, 48);
    assert.deepEqual(await inspectBytes(Buffer.concat([footer, Buffer.alloc(4096)])), { format: 'vhd', bootable: true, virtualSize: 1048576 });
    const fixed = Buffer.concat([rawDisk(1048576), footer]);
    assert.deepEqual(await inspectBytes(fixed), { format: 'vhd', bootable: true, virtualSize: 1048576 });

    const vhdx = Buffer.alloc(4096);
    vhdx.write('vhdxfile', 0, 'latin1');
    assert.equal((await inspectBytes(vhdx)).format, 'vhdx');

    const vdi = Buffer.alloc(1024);
    vdi.writeUInt32LE(0xbeda107f, 0x40);
    vdi.writeBigUInt64LE(8388608n, 0x170);
    assert.deepEqual(await inspectBytes(vdi), { format: 'vdi', bootable: true, virtualSize: 8388608 });
  });

  it('keeps only the first 64 KiB and the last 512 bytes of a large upload', async () => {
    const ins = new UploadInspector();
    const disk = rawDisk(3 * 1024 * 1024);
    for (let at = 0; at < disk.length; at += 65536) ins.push(disk.subarray(at, at + 65536));
    assert.equal(ins.head.length, HEAD_BYTES);
    assert.equal(ins.size, disk.length);
    assert.deepEqual(ins.head.subarray(0, 512), bootSector());
  });
});
