/**
 * What the bytes of an image really are. Glance stores whatever it is given under the disk_format the
 * caller declared (an HTML error page uploaded as qcow2 goes active); StackLab also looks at the first
 * bytes while they stream in, so that a boot that later fails can be explained ("No bootable device":
 * the image is an HTML page). The inspector keeps the first 64 KiB and the last 512 bytes it saw; a
 * qcow2 is then followed through its L1/L2 tables to the guest's first sector (random reads of the
 * stored file), everything else is judged from those bytes.
 */
import type { InspectionResult } from '../types';

/** How many leading bytes are kept: enough for the ISO 9660 volume descriptors at 32 KiB. */
export const HEAD_BYTES = 64 * 1024;
const TAIL_BYTES = 512;

/** Random access to the stored bytes (the image file once written). */
export type ByteReader = (offset: number, length: number) => Promise<Buffer>;

export interface Qcow2Header {
  version: number;
  backingFileOffset: bigint;
  clusterBits: number;
  size: bigint;
  cryptMethod: number;
  l1Size: number;
  l1TableOffset: bigint;
}

/** Feeds on an upload chunk by chunk; `finish` judges the whole. */
export class UploadInspector {
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private tail: Buffer = Buffer.alloc(0);
  size = 0;

  push(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.headLength < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    this.tail = chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  /** The verdict; `read` (random access to the stored bytes) lets a qcow2 be mapped to its guest's first sector. */
  async finish(read?: ByteReader): Promise<InspectionResult> {
    return inspect(this.head, this.tail, this.size, read);
  }
}

/** Judges an image from its first bytes (up to HEAD_BYTES), its last 512 bytes and its size. */
export async function inspect(head: Buffer, tail: Buffer, size: number, read?: ByteReader): Promise<InspectionResult> {
  if (size === 0) return { format: 'empty', bootable: false };
  const qcow = parseQcow2Header(head);
  if (qcow) {
    const virtualSize = Number(qcow.size);
    return { format: 'qcow2', bootable: read ? await qcow2Bootable(qcow, read) : true, virtualSize };
  }
  if (head.length >= 8 && head.toString('latin1', 0, 8) === 'vhdxfile') return { format: 'vhdx', bootable: true };
  if (head.length >= 56 && head.toString('latin1', 0, 8) === 'conectix') {
    // a dynamic VHD starts with a copy of its footer; the guest data sits behind its block table
    return { format: 'vhd', bootable: true, virtualSize: Number(head.readBigUInt64BE(48)) };
  }
  if (head.length >= 20 && head.toString('latin1', 0, 4) === 'KDMV') {
    return { format: 'vmdk', bootable: true, virtualSize: Number(head.readBigUInt64LE(12)) * 512 };
  }
  if (head.toString('latin1', 0, 21) === '# Disk DescriptorFile') {
    return { format: 'vmdk', bootable: true, virtualSize: descriptorSize(head.toString('latin1')) };
  }
  if (head.length >= 0x178 && head.readUInt32LE(0x40) === 0xbeda107f) {
    return { format: 'vdi', bootable: true, virtualSize: Number(head.readBigUInt64LE(0x170)) };
  }
  if (head.length >= 0x8006 && head.toString('latin1', 0x8001, 0x8006) === 'CD001') {
    const elTorito = head.length >= 0x8820 && head[0x8800] === 0 && head.toString('latin1', 0x8801, 0x8806) === 'CD001' && head.toString('latin1', 0x8807, 0x881e) === 'EL TORITO SPECIFICATION';
    return { format: 'iso', bootable: elTorito || hasBootSignature(head) };
  }
  if (tail.length === 512 && tail.toString('latin1', 0, 8) === 'conectix' && size > 512) {
    // a fixed VHD: the raw guest disk followed by a 512-byte footer
    return { format: 'vhd', bootable: hasBootSignature(head), virtualSize: Number(tail.readBigUInt64BE(48)) };
  }
  if (isHtml(head)) return { format: 'html', bootable: false };
  if (hasBootSignature(head)) return { format: 'raw', bootable: true, virtualSize: size };
  if (isText(head)) return { format: 'text', bootable: false };
  return { format: 'unknown', bootable: false };
}

/** An MBR (or any PC boot sector): 55 AA at offset 510. */
export function hasBootSignature(sector: Buffer): boolean {
  return sector.length >= 512 && sector[510] === 0x55 && sector[511] === 0xaa;
}

/** The qcow2 header (versions 2 and 3), or undefined when the bytes are not one. */
export function parseQcow2Header(head: Buffer): Qcow2Header | undefined {
  if (head.length < 72 || head.readUInt32BE(0) !== 0x514649fb) return undefined;
  const version = head.readUInt32BE(4);
  const clusterBits = head.readUInt32BE(20);
  if ((version !== 2 && version !== 3) || clusterBits < 9 || clusterBits > 21) return undefined;
  return {
    version,
    backingFileOffset: head.readBigUInt64BE(8),
    clusterBits,
    size: head.readBigUInt64BE(24),
    cryptMethod: head.readUInt32BE(32),
    l1Size: head.readUInt32BE(36),
    l1TableOffset: head.readBigUInt64BE(40),
  };
}

const OFFSET_MASK = 0x00fffffffffffe00n;
const COMPRESSED = 1n << 62n;
const ZERO_FLAG = 1n;

/**
 * Whether the guest disk of a qcow2 starts with a boot sector: guest offset 0 is looked up in the
 * first L1 and L2 entries. An unallocated or zero cluster reads as zeros (not bootable) unless a
 * backing file would supply it; what cannot be followed here (backing files, compression,
 * encryption, tables past the end of the file) counts as bootable, since the header is valid.
 */
export async function qcow2Bootable(h: Qcow2Header, read: ByteReader): Promise<boolean> {
  if (h.cryptMethod !== 0) return true;
  const hasBacking = h.backingFileOffset !== 0n;
  if (h.l1Size === 0) return hasBacking;
  try {
    const l1 = await read(Number(h.l1TableOffset), 8);
    if (l1.length < 8) return true;
    const l2Offset = l1.readBigUInt64BE(0) & OFFSET_MASK;
    if (l2Offset === 0n) return hasBacking;
    const l2 = await read(Number(l2Offset), 8);
    if (l2.length < 8) return true;
    const entry = l2.readBigUInt64BE(0);
    if (entry & COMPRESSED) return true;
    if (h.version >= 3 && entry & ZERO_FLAG) return false;
    const dataOffset = entry & OFFSET_MASK;
    if (dataOffset === 0n) return hasBacking;
    return hasBootSignature(await read(Number(dataOffset), 512));
  } catch {
    return true;
  }
}

function descriptorSize(text: string): number | undefined {
  let sectors = 0;
  for (const m of text.matchAll(/^\s*RW\s+(\d+)\s/gm)) sectors += Number(m[1]);
  return sectors > 0 ? sectors * 512 : undefined;
}

/** An HTML document: `<!DOCTYPE html`, `<html` or `<head` first, after a BOM and whitespace, any case. */
export function isHtml(head: Buffer): boolean {
  const start = head.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || start.startsWith('<head');
}

/** Text: no NUL byte and almost only printable characters in the first 4 KiB. */
export function isText(head: Buffer): boolean {
  const sample = head.subarray(0, 4096);
  if (sample.length === 0 || sample.includes(0)) return false;
  let odd = 0;
  for (const b of sample) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) odd++;
  // a multi-byte character cut at the end of the sample is no reason to call it binary
  const decoded = sample.toString('utf8');
  return odd / sample.length < 0.02 && !decoded.slice(0, sample.length === 4096 ? -3 : undefined).includes('\uFFFD');
}
