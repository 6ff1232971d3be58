/**
 * Small disk images for Glance tests, built byte by byte: a qcow2 (version 3, 64 KiB clusters, one
 * L1/L2/refcount table each) whose first guest cluster holds a boot sector or not, a raw disk with an
 * MBR, and the HTML page `curl -o` saves when it does not follow a redirect.
 */
import { randomBytes } from 'node:crypto';

const CLUSTER_BITS = 16;
const CLUSTER = 1 << CLUSTER_BITS;

/** A 512-byte MBR boot sector: a jump, a message, and 55 AA at 510. */
export function bootSector(): Buffer {
  const s = Buffer.alloc(512);
  s.set([0xeb, 0x3c, 0x90], 0);
  s.write('STACKLAB test boot sector', 3, 'latin1');
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

/**
 * A valid qcow2 v3 image of `virtualSize` bytes: cluster 0 header, 1 L1 table, 2 refcount table,
 * 3 refcount block, 4 L2 table, 5 the guest's first cluster (a boot sector when `bootable`, else
 * random non-boot data). With `mapped: false` nothing is allocated (the guest disk reads as zeros).
 */
export function qcow2Image(opts: { virtualSize?: number; bootable?: boolean; mapped?: boolean } = {}): Buffer {
  const virtualSize = opts.virtualSize ?? 64 * 1024 * 1024;
  const mapped = opts.mapped ?? true;
  const clusters = mapped ? 6 : 4;
  const img = Buffer.alloc(clusters * CLUSTER);
  const l2Entries = CLUSTER / 8;
  const l1Size = Math.ceil(virtualSize / (CLUSTER * l2Entries));
  img.writeUInt32BE(0x514649fb, 0); // QFI\xfb
  img.writeUInt32BE(3, 4); // version
  img.writeBigUInt64BE(0n, 8); // backing file offset
  img.writeUInt32BE(0, 16); // backing file size
  img.writeUInt32BE(CLUSTER_BITS, 20);
  img.writeBigUInt64BE(BigInt(virtualSize), 24);
  img.writeUInt32BE(0, 32); // no encryption
  img.writeUInt32BE(l1Size, 36);
  img.writeBigUInt64BE(BigInt(1 * CLUSTER), 40); // L1 table
  img.writeBigUInt64BE(BigInt(2 * CLUSTER), 48); // refcount table
  img.writeUInt32BE(1, 56); // refcount table clusters
  img.writeUInt32BE(0, 60); // snapshots
  img.writeBigUInt64BE(0n, 64);
  img.writeBigUInt64BE(0n, 72); // incompatible features
  img.writeBigUInt64BE(0n, 80); // compatible features
  img.writeBigUInt64BE(0n, 88); // autoclear features
  img.writeUInt32BE(4, 96); // refcount order: 16-bit refcounts
  img.writeUInt32BE(104, 100); // header length
  // header extension end marker at 104: type 0, length 0 (already zero)
  img.writeBigUInt64BE(BigInt(3 * CLUSTER), 2 * CLUSTER); // refcount table → block
  for (let c = 0; c < clusters; c++) img.writeUInt16BE(1, 3 * CLUSTER + c * 2);
  if (mapped) {
    const copied = 1n << 63n;
    img.writeBigUInt64BE(BigInt(4 * CLUSTER) | copied, 1 * CLUSTER); // L1[0] → L2
    img.writeBigUInt64BE(BigInt(5 * CLUSTER) | copied, 4 * CLUSTER); // L2[0] → data
    const data = opts.bootable === false ? Buffer.from(randomBytes(512).map((b) => b || 1)) : bootSector();
    if (opts.bootable === false) data[510] = 0;
    data.copy(img, 5 * CLUSTER);
  }
  return img;
}

/** A raw disk of `size` bytes: boot sector first (unless `bootable: false`), random data after. */
export function rawDisk(size: number, opts: { bootable?: boolean } = {}): Buffer {
  const disk = randomBytes(size);
  if (opts.bootable === false) {
    if (size >= 512) disk[510] = 0;
  } else bootSector().copy(disk, 0);
  return disk;
}

/** The page a web server answers for a moved file (what `curl -o` without `-L` saves). */
export function htmlRedirectPage(location = 'https://github.com/cirros-dev/cirros/releases/download/0.6.2/cirros-0.6.2-x86_64-disk.img'): Buffer {
  return Buffer.from(
    `\n<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>302 Found</title>\n</head><body>\n<h1>Found</h1>\n<p>The document has moved <a href="${location}">here</a>.</p>\n</body></html>\n`,
  );
}
