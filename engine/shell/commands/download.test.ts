/** curl and wget from the offline mirror, the host's files (ls, rm, mkdir, cd), and the mirror's qcow2 stand-in. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DirFs, MemFs } from '../fs';
import { mirrorDir } from '../mirror';
import { rig } from '../shell.fixture';

const HTTPS = 'https://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const HTTP = 'http://download.cirros-cloud.net/0.6.2/cirros-0.6.2-x86_64-disk.img';
const IMG = 'cirros-0.6.2-x86_64-disk.img';

function withFs() {
  const fs = new MemFs({}, ['/root', '/tmp']);
  return { fs, r: rig({ deps: { fs } }) };
}

/** Reads a qcow2 the way a hypervisor does: header, L1, L2, data cluster for guest offset 0. */
function firstGuestSector(img: Buffer): { version: number; clusterBits: number; size: number; sector: Buffer } {
  assert.equal(img.subarray(0, 4).toString('latin1'), 'QFI\xfb');
  const version = img.readUInt32BE(4);
  const clusterBits = img.readUInt32BE(20);
  const size = Number(img.readBigUInt64BE(24));
  const l1Size = img.readUInt32BE(36);
  const l1 = Number(img.readBigUInt64BE(40));
  assert.ok(l1Size >= 1);
  const offsetMask = (1n << 56n) - 1n - ((1n << 9n) - 1n);
  const l2 = Number(img.readBigUInt64BE(l1) & offsetMask);
  assert.ok(l2 > 0, 'L1[0] points at an L2 table');
  const data = Number(img.readBigUInt64BE(l2) & offsetMask);
  assert.ok(data > 0 && data + 512 <= img.length, 'L2[0] points at a data cluster inside the file');
  return { version, clusterBits, size, sector: img.subarray(data, data + 512) };
}

describe('the mirror image', () => {
  it('is a qcow2 v3 of 112 MiB whose first guest sector is a boot sector, as the generator writes it', async () => {
    const file = readFileSync(join(mirrorDir()!, 'files', IMG));
    const q = firstGuestSector(file);
    assert.deepEqual([q.version, q.clusterBits, q.size], [3, 16, 117440512]);
    assert.equal(q.sector[510], 0x55);
    assert.equal(q.sector[511], 0xaa);
    assert.equal(file.readUInt32BE(100), 104, 'header length');
    assert.equal(file.readUInt32BE(96), 4, 'refcount order');
    const gen = (await import(join(mirrorDir()!, 'make-cirros.mjs'))) as { buildImage(): Buffer };
    assert.ok(gen.buildImage().equals(file), 'the committed file is what make-cirros.mjs writes');
  });
});

describe('curl', () => {
  it('-o without -L saves the redirect page (HTML) and prints the progress meter on stderr', async () => {
    const { fs, r } = withFs();
    const out = await r.run(`curl -o ./${IMG} ${HTTPS}`);
    assert.equal(out.code, 0);
    assert.equal(out.stdout, '');
    const lines = out.stderr.split('\n');
    assert.match(lines[0], /^ {2}% Total {4}% Received % Xferd {2}Average Speed/);
    const saved = fs.read(`/root/${IMG}`)!;
    assert.match(lines[2], new RegExp(`^100 +${saved.length} +100 +${saved.length} +0 +0 `));
    const html = saved.toString('utf8');
    assert.match(html, /<title>302 Found<\/title>/);
    assert.ok(html.includes('href="https://github.com/cirros-dev/cirros/releases/download/0.6.2/cirros-0.6.2-x86_64-disk.img"'));
    // the http URL answers with its own redirect page too
    await r.run(`curl -s -o http.html ${HTTP}`);
    assert.match(fs.read('/root/http.html')!.toString(), /301 Moved Permanently/);
  });

  it('-L follows the redirects to the qcow2 bytes; -LO names the file after the URL', async () => {
    const { fs, r } = withFs();
    assert.equal((await r.run(`curl -L -o x.img ${HTTPS}`)).code, 0);
    const mirrored = readFileSync(join(mirrorDir()!, 'files', IMG));
    assert.ok(fs.read('/root/x.img')!.equals(mirrored));
    const o = await r.run(`curl -sLO ${HTTP}`);
    assert.deepEqual(o, { stdout: '', stderr: '', code: 0 });
    assert.ok(fs.read(`/root/${IMG}`)!.equals(mirrored));
  });

  it('prints the page on stdout, headers with -I, refuses binary to the terminal, fails on unknown hosts', async () => {
    const { r } = withFs();
    const page = await r.run(`curl ${HTTPS}`);
    assert.match(page.stdout, /^<!DOCTYPE HTML/);
    const head = await r.run(`curl -I ${HTTPS}`);
    assert.match(head.stdout, /^HTTP\/1\.1 302 Found\r\n/);
    assert.match(head.stdout, /\r\nLocation: https:\/\/github\.com\/cirros-dev\/cirros\/releases\/download\/0\.6\.2\/cirros-0\.6\.2-x86_64-disk\.img\r\n/);
    const bin = await r.run(`curl -L ${HTTPS}`);
    assert.equal(bin.code, 23);
    assert.match(bin.stderr, /Binary output can mess up your terminal/);
    assert.deepEqual(await r.run('curl -o x https://example.com/x'), { stdout: '', stderr: 'curl: (6) Could not resolve host: example.com\n', code: 6 });
    assert.equal((await r.run('curl -s https://example.com/x')).stderr, '');
    const nf = await r.run('curl -f https://download.cirros-cloud.net/nope');
    assert.equal(nf.code, 22);
    assert.match(nf.stderr, /The requested URL returned error: 404/);
    assert.equal((await r.run('curl')).code, 2);
  });
});

describe('wget', () => {
  it('follows the redirects, logs each hop, saves the image, and numbers a second copy', async () => {
    const { fs, r } = withFs();
    const out = await r.run(`wget ${HTTP}`);
    assert.equal(out.code, 0);
    const log = out.stderr;
    assert.match(log, /^--\d{4}-\d\d-\d\d \d\d:\d\d:\d\d-- {2}http:\/\/download\.cirros-cloud\.net\/0\.6\.2\/cirros-0\.6\.2-x86_64-disk\.img\n/);
    assert.ok(log.includes('HTTP request sent, awaiting response... 301 Moved Permanently\n'));
    assert.ok(log.includes(`Location: ${HTTPS} [following]\n`));
    assert.ok(log.includes('HTTP request sent, awaiting response... 302 Found\n'));
    assert.ok(log.includes('HTTP request sent, awaiting response... 200 OK\n'));
    assert.ok(log.includes(`Saving to: ‘${IMG}’`));
    assert.match(log, new RegExp(`‘${IMG.replace(/\./g, '\\.')}’ saved \\[393216/393216\\]`));
    assert.equal(fs.read(`/root/${IMG}`)!.subarray(0, 4).toString('latin1'), 'QFI\xfb');
    await r.run(`wget -q ${HTTPS}`);
    assert.ok(fs.stat(`/root/${IMG}.1`));
    assert.equal((await r.run('wget http://nowhere.example/x')).code, 4);
  });
});

describe('host files', () => {
  it('ls, ls -l, mkdir, cd, rm, and no way out of the root', async () => {
    const { r } = withFs();
    await r.run(`wget -q ${HTTPS}`);
    await r.run('echo hello > notes.txt');
    assert.equal((await r.run('ls')).stdout, `${IMG}  notes.txt\n`);
    const long = (await r.run('ls -l')).stdout.split('\n');
    assert.match(long[0], /^total \d+$/);
    assert.match(long[1], new RegExp(`^-rw-r--r--\\. 1 root root 393216 \\w{3} [ \\d]\\d \\d\\d:\\d\\d ${IMG.replace(/\./g, '\\.')}$`));
    assert.equal((await r.run('mkdir images && cd images && pwd')).stdout, '/root/images\n');
    assert.equal(r.shell.prompt(), '[root@localhost images]# ');
    assert.equal((await r.run('cd .. && pwd')).stdout, '/root\n');
    assert.equal((await r.run('cd ../../../.. && pwd')).stdout, '/\n');
    assert.equal((await r.run('cd && rm notes.txt && ls')).stdout, `${IMG}  images\n`);
    assert.match((await r.run('rm images')).stderr, /cannot remove 'images': Is a directory/);
    assert.equal((await r.run('rm -r images && ls nope')).stderr, "ls: cannot access 'nope': No such file or directory\n");
    assert.equal((await r.run('cat /root')).stderr, 'cat: /root: Is a directory\n');
  });

  it('DirFs keeps files under its folder and treats links out of it as missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostfs-'));
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    try {
      writeFileSync(join(outside, 'secret'), 'x');
      const fs = new DirFs(join(dir, 'hostfs'));
      assert.equal(fs.mkdir('/root'), undefined);
      assert.equal(fs.write('/root/a.txt', 'hi'), undefined);
      assert.equal(readFileSync(join(dir, 'hostfs', 'root', 'a.txt'), 'utf8'), 'hi');
      assert.equal(fs.read('/../../root/a.txt')!.toString(), 'hi');
      symlinkSync(outside, join(dir, 'hostfs', 'root', 'out'));
      assert.equal(fs.read('/root/out/secret'), undefined);
      assert.equal(fs.write('/root/out/new', 'x'), 'ENOENT');
      assert.deepEqual(fs.list('/root'), ['a.txt', 'out']);
      assert.equal(fs.remove('/root/out', true), undefined);
      assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'x', 'removing the link leaves its target');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('runs openstack in the real folder of the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostfs-'));
    try {
      const fs = new DirFs(dir);
      fs.mkdir('/root');
      const seen: (string | undefined)[] = [];
      const r = rig({ deps: { fs, openstack: async (_a, _e, o) => (seen.push(o?.cwd), { stdout: '', stderr: '', code: 0 }) } });
      await r.run('openstack image list');
      await r.run('mkdir /tmp && cd /tmp && openstack image list');
      assert.deepEqual(seen, [join(fs.nativePath('/root')!), join(fs.nativePath('/tmp')!)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
