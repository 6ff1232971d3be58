#!/usr/bin/env node
/**
 * Writes the offline mirror's stand-in for CirrOS 0.6.2 (cirros-0.6.2-x86_64-disk.img): a real
 * qcow2 version 3 file, small on disk, whose guest disk is 112 MiB (117440512 bytes, CirrOS
 * 0.6.2's virtual size) and whose first sector is a master boot record ending in 55 AA.
 *
 * Layout, one 64 KiB cluster each (cluster_bits 16, qemu-img's default):
 *   0 header   1 refcount table   2 refcount block   3 L1 table   4 L2 table   5 data
 * L1[0] → L2, L2[0] → the data cluster, which is the guest's bytes 0..65535 (the MBR first);
 * every other guest cluster is unallocated and reads as zeros.
 *
 * Usage: node resources/mirror/make-cirros.mjs [output]   (default: next to this script)
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIRTUAL_SIZE = 117440512;
export const CLUSTER_BITS = 16;
const CLUSTER = 1 << CLUSTER_BITS;
const COPIED = 1n << 63n;
const C = { header: 0, refTable: 1, refBlock: 2, l1: 3, l2: 4, data: 5 };
const CLUSTERS = 6;

/** The guest's first sector: a tiny boot program, one bootable Linux partition, 55 AA. */
function masterBootRecord() {
  const mbr = Buffer.alloc(512);
  // boot code: print a dot through the BIOS teletype service, then halt forever
  Buffer.from([0xfa, 0x31, 0xc0, 0x8e, 0xd8, 0xfb, 0xb4, 0x0e, 0xb0, 0x2e, 0xcd, 0x10, 0xf4, 0xeb, 0xfd]).copy(mbr, 0);
  mbr.write('StackLab CirrOS stand-in', 0x40, 'latin1');
  mbr.writeUInt32LE(0x5354_4c42, 440); // disk signature
  // partition 1: active, type 0x83, from LBA 2048 to the end of the disk
  const p = 446;
  mbr[p] = 0x80;
  mbr[p + 4] = 0x83;
  mbr.writeUInt32LE(2048, p + 8);
  mbr.writeUInt32LE(VIRTUAL_SIZE / 512 - 2048, p + 12);
  // CHS fields as "beyond 1024 cylinders" (LBA only)
  for (const o of [p + 1, p + 5]) {
    mbr[o] = 0xfe;
    mbr[o + 1] = 0xff;
    mbr[o + 2] = 0xff;
  }
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}

export function buildImage() {
  const file = Buffer.alloc(CLUSTERS * CLUSTER);
  const at = (c) => c * CLUSTER;
  const l2Covers = (CLUSTER / 8) * CLUSTER;
  const l1Size = Math.ceil(VIRTUAL_SIZE / l2Covers);

  // header (big-endian), version 3, 104 bytes, then the end-of-extensions marker
  const h = file.subarray(0, CLUSTER);
  h.write('QFI\xfb', 0, 'latin1');
  h.writeUInt32BE(3, 4);
  h.writeBigUInt64BE(0n, 8); // backing file offset
  h.writeUInt32BE(0, 16); // backing file size
  h.writeUInt32BE(CLUSTER_BITS, 20);
  h.writeBigUInt64BE(BigInt(VIRTUAL_SIZE), 24);
  h.writeUInt32BE(0, 32); // no encryption
  h.writeUInt32BE(l1Size, 36);
  h.writeBigUInt64BE(BigInt(at(C.l1)), 40);
  h.writeBigUInt64BE(BigInt(at(C.refTable)), 48);
  h.writeUInt32BE(1, 56); // refcount table clusters
  h.writeUInt32BE(0, 60); // snapshots
  h.writeBigUInt64BE(0n, 64);
  h.writeBigUInt64BE(0n, 72); // incompatible features
  h.writeBigUInt64BE(0n, 80); // compatible features
  h.writeBigUInt64BE(0n, 88); // autoclear features
  h.writeUInt32BE(4, 96); // refcount order: 16-bit refcounts
  h.writeUInt32BE(104, 100); // header length
  // 104..111: extension type 0 (end), length 0 — already zero

  // refcounts: one reference to each of the six clusters
  file.writeBigUInt64BE(BigInt(at(C.refBlock)), at(C.refTable));
  for (let c = 0; c < CLUSTERS; c++) file.writeUInt16BE(1, at(C.refBlock) + 2 * c);

  // mapping: guest cluster 0 → data cluster
  file.writeBigUInt64BE(BigInt(at(C.l2)) | COPIED, at(C.l1));
  file.writeBigUInt64BE(BigInt(at(C.data)) | COPIED, at(C.l2));
  masterBootRecord().copy(file, at(C.data));
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'files', 'cirros-0.6.2-x86_64-disk.img');
  const img = buildImage();
  writeFileSync(out, img);
  process.stdout.write(`${out}: ${img.length} bytes, virtual size ${VIRTUAL_SIZE}\n`);
}
