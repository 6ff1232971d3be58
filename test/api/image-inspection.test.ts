import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { LabEvent } from '../../engine/core/events';
import { htmlRedirectPage, qcow2Image, rawDisk } from '../support/images';
import { type InProcessLab, type Json, openstackJson, repoRoot, startInProcessLab } from '../support/lab';

const run = promisify(execFile);

/**
 * What the lab records about uploaded bytes (ImageRecord.inspection, read in-process as Nova will),
 * for images created with the real CLI; the image events; and the same service through openstacksdk.
 */
describe('image inspection and the in-process image reader', () => {
  let lab: InProcessLab;
  const events: LabEvent[] = [];
  const create = async (file: string, bytes: Buffer, name: string, format = 'qcow2'): Promise<Json> => {
    writeFileSync(join(lab.dataDir, file), bytes);
    return openstackJson<Json>(lab.dataDir, ['image', 'create', '--disk-format', format, '--container-format', 'bare', '--file', join(lab.dataDir, file), name]);
  };

  before(async () => {
    lab = await startInProcessLab();
    lab.engine.events.subscribe((e) => {
      if (e.type.startsWith('image.')) events.push(e);
    });
  });
  after(async () => {
    if (lab) await lab.stop();
  });

  it('an HTML page uploaded as qcow2 goes active, recorded as html and not bootable', async () => {
    const img = await create('cirros.img', htmlRedirectPage(), 'cirros-html');
    const rec = lab.engine.image!.find(img.id)!;
    assert.equal(rec.status, 'active');
    assert.equal(rec.disk_format, 'qcow2');
    assert.deepEqual(rec.inspection, { format: 'html', bootable: false });
    assert.equal(rec.virtual_size, null);
    // the inspection stays out of the wire document
    const shown = await openstackJson<Json>(lab.dataDir, ['image', 'show', img.id]);
    assert.equal(JSON.stringify(shown).includes('inspection'), false);
    assert.equal(lab.engine.image!.dataPath(img.id), join(lab.dataDir, 'images', img.id));
    assert.ok(events.some((e) => e.type === 'image.image.created' && e.id === img.id));
    assert.ok(events.some((e) => e.type === 'image.image.updated' && e.id === img.id));
  });

  it('a real qcow2 is mapped to its boot sector; one without is not bootable', async () => {
    const good = await create('good.qcow2', qcow2Image({ virtualSize: 1 << 30 }), 'good');
    assert.deepEqual(lab.engine.image!.find(good.id)!.inspection, { format: 'qcow2', bootable: true, virtualSize: 1 << 30 });
    const blank = await create('blank.qcow2', qcow2Image({ mapped: false }), 'blank');
    assert.deepEqual(lab.engine.image!.find(blank.id)!.inspection, { format: 'qcow2', bootable: false, virtualSize: 64 * 1024 * 1024 });
    const raw = await create('disk.raw', rawDisk(1 << 20), 'disk', 'raw');
    assert.deepEqual(lab.engine.image!.find(raw.id)!.inspection, { format: 'raw', bootable: true, virtualSize: 1 << 20 });
  });

  it('usableBy: public for all, private only for its owner and admins', async () => {
    const reader = lab.engine.image!;
    const identity = lab.engine.identity!;
    const demo = identity.projects.findByName('demo', 'default')!;
    const pub = await openstackJson<Json>(lab.dataDir, ['image', 'create', '--public', '--disk-format', 'raw', '--container-format', 'bare', '--file', join(lab.dataDir, 'disk.raw'), 'pub']);
    const priv = await openstackJson<Json>(lab.dataDir, ['image', 'create', '--private', '--disk-format', 'raw', '--container-format', 'bare', '--file', join(lab.dataDir, 'disk.raw'), 'priv']);
    assert.equal(reader.usableBy(reader.find(pub.id)!, demo.id, false), true);
    assert.equal(reader.usableBy(reader.find(priv.id)!, demo.id, false), false);
    assert.equal(reader.usableBy(reader.find(priv.id)!, demo.id, true), true);
    assert.equal(reader.find('no-such-image'), undefined);
  });

  it('openstacksdk creates with a checksum check, downloads, tags, lists and deletes', async () => {
    const src = join(lab.dataDir, 'sdk.raw');
    const dst = join(lab.dataDir, 'sdk.out');
    const bytes = rawDisk(3 * 1024 * 1024);
    writeFileSync(src, bytes);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OS_')) env[k] = v;
    env.OS_CLIENT_CONFIG_FILE = join(lab.dataDir, 'clouds.yaml');
    const r = await run('/usr/bin/python3', [join(repoRoot, 'test', 'api', 'sdk_image.py'), 'stacklab-admin', src, dst], { env, cwd: lab.dataDir, timeout: 120000 }).catch(
      (e: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`sdk_image.py failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
      },
    );
    const out = JSON.parse(r.stdout) as Json;
    const md5 = createHash('md5').update(bytes).digest('hex');
    assert.equal(out.image.status, 'active');
    assert.equal(out.image.size, bytes.length);
    assert.equal(out.image.checksum, md5);
    assert.equal(out.image.md5_prop, md5);
    assert.equal(out.image.hash_algo, 'sha512');
    assert.equal(out.image.visibility, 'shared');
    assert.deepEqual(readFileSync(dst), bytes);
    assert.deepEqual(out.tags, ['sdk']);
    assert.ok(out.names.includes('sdk-disk'));
    assert.equal(out.schema_name, 'image');
    assert.equal(out.after_delete, true);
    assert.ok(events.some((e) => e.type === 'image.image.deleted' && e.id === out.image.id));
  });
});
