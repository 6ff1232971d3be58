import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type InProcessLab, type Json, openstack, openstackJson, startInProcessLab } from '../support/lab';

/** A lab snapshot holds the volumes: their rows and the bytes of their files in disks/. */
describe('lab snapshots and Cinder volumes', () => {
  let lab: InProcessLab;
  const json = <T = Json>(args: string[]) => openstackJson<T>(lab.dataDir, args);
  const fileOf = (name: string) => {
    const v = lab.engine.volume!.store.volumes.where({ name })[0];
    assert.ok(v, `volume ${name} in the store`);
    return join(lab.dataDir, v.path);
  };
  const readHead = (file: string, n: number) => {
    const fd = openSync(file, 'r');
    const b = Buffer.alloc(n);
    readSync(fd, b, 0, n, 0);
    closeSync(fd);
    return b;
  };
  const writeHead = (file: string, bytes: Buffer) => {
    const fd = openSync(file, 'r+');
    writeSync(fd, bytes, 0, bytes.length, 0);
    closeSync(fd);
  };

  before(async () => {
    lab = await startInProcessLab();
  });
  after(async () => lab?.stop());

  it('restored, a volume comes back with the bytes it had; a later volume is gone and later writes undone', async () => {
    assert.equal((await openstack(lab.dataDir, ['volume', 'create', '--size', '1', 'kept'])).code, 0);
    await lab.engine.volume!.volumes.settled();
    const before = randomBytes(64 * 1024);
    writeHead(fileOf('kept'), before);
    lab.engine.saveSnapshot('with-volume');
    // the snapshot's copy of the 1 GiB volume stays sparse: only the written 64 KiB (one chunk) is allocated
    const kept = lab.engine.volume!.store.volumes.where({ name: 'kept' })[0];
    const copy = statSync(join(lab.dataDir, 'snapshots', 'with-volume', 'state', kept.path));
    assert.equal(copy.size, 1024 ** 3);
    assert.ok(copy.blocks * 512 <= 4 * 1024 * 1024, `the snapshot's copy allocates ${copy.blocks * 512} bytes`);

    writeHead(fileOf('kept'), randomBytes(64 * 1024));
    assert.equal((await openstack(lab.dataDir, ['volume', 'create', '--size', '1', 'later'])).code, 0);
    await lab.engine.volume!.volumes.settled();
    await lab.engine.restoreSnapshot('with-volume');

    const names = (await json<Json[]>(['volume', 'list'])).map((v) => v.Name);
    assert.deepEqual(names, ['kept']);
    assert.equal((await json(['volume', 'show', 'kept'])).status, 'available');
    assert.ok(readHead(fileOf('kept'), before.length).equals(before), 'the bytes at the snapshot');
  });
});
