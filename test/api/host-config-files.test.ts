import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { qcow2Image } from '../support/images';
import { doctorJson, hostShell, type Json, openstack, openstackJson, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/**
 * The host's config files and logs with the tools a student has instead of vi: cat/grep/tail,
 * crudini and sed -i, journalctl -u. And the edit is real: ram_allocation_ratio in nova.conf,
 * read by nova-compute when it restarts, becomes Placement's MEMORY_MB allocation_ratio — the
 * overcommit that lets m1.small boot in the novalidhost scenario, which the doctor then accepts.
 */
describe('host config files: crudini, sed, journalctl and nova.conf ratios that take effect', () => {
  let lab: ServeProcess;
  let rp = '';
  const sh = (line: string) => hostShell(lab.dataDir, line);
  const shOk = async (line: string) => {
    const r = await sh(line);
    assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    return r.stdout;
  };
  const inventory = async (rc: string) => openstackJson<Json>(lab.dataDir, ['resource', 'provider', 'inventory', 'show', rp, rc]);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
    rp = String((await openstackJson<Json[]>(lab.dataDir, ['resource', 'provider', 'list'])).find((r) => r.name === 'localhost')!.uuid);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('cat, grep and tail read the config files and logs', async () => {
    assert.match(await shOk('cat /etc/nova/nova.conf'), /^\[DEFAULT\]\n[\s\S]*^ram_allocation_ratio=1\.0$/m);
    assert.equal(await shOk('grep ^ram_allocation_ratio /etc/nova/nova.conf'), 'ram_allocation_ratio=1.0\n');
    assert.equal(await shOk('grep bridge_mappings /etc/neutron/plugins/ml2/openvswitch_agent.ini'), 'bridge_mappings=extnet:br-ex\n');
    assert.match(await shOk('grep -h agent_mode /etc/neutron/l3_agent.ini'), /^agent_mode=legacy\n$/);
    assert.match(await shOk('tail -n 1 /var/log/nova/nova-scheduler.log'), /^\d{4}-\d\d-\d\d [\d:.]+ 2874 INFO nova\.service \[-\] Starting scheduler node/);
    assert.match(await shOk('tail -n 1 /var/log/neutron/l3-agent.log'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \d+ INFO neutron\.agent\.l3\.agent \[-\] L3 agent started\n$/);
    const r = await sh('cat /etc/nova/nova.conff');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'cat: /etc/nova/nova.conff: No such file or directory\n');
  });

  it('crudini gets, sets and deletes in place; bad input changes nothing', async () => {
    const before = await shOk('cat /etc/nova/nova.conf');
    assert.equal(await shOk('crudini --get /etc/nova/nova.conf DEFAULT cpu_allocation_ratio'), '16.0\n');
    assert.equal(await shOk('crudini --get /etc/nova/nova.conf scheduler'), 'max_attempts\n');
    let r = await sh('crudini --get /etc/nova/nova.conf nosuch key');
    assert.deepEqual([r.code, r.stderr], [1, 'Section not found: nosuch\n']);
    r = await sh('crudini --get /etc/nova/nova.conf DEFAULT nosuch');
    assert.deepEqual([r.code, r.stderr], [1, 'Parameter not found: nosuch\n']);
    r = await sh('crudini --frobnicate /etc/nova/nova.conf DEFAULT x 1');
    assert.equal(r.code, 1);
    assert.equal(await shOk('cat /etc/nova/nova.conf'), before);

    await shOk('crudini --set /etc/nova/nova.conf DEFAULT reserved_host_memory_mb 1024');
    await shOk('crudini --set /etc/nova/nova.conf quota instances 20');
    const after1 = await shOk('cat /etc/nova/nova.conf');
    assert.match(after1, /^reserved_host_memory_mb=1024$/m, 'changed in place, format kept');
    assert.match(after1, /\n\[quota\]\ninstances = 20\n$/, 'a new section at the end');
    assert.equal(after1.split('\n').length, before.split('\n').length + 3);
    await shOk('crudini --del /etc/nova/nova.conf quota');
    await shOk('crudini --set /etc/nova/nova.conf DEFAULT reserved_host_memory_mb 512');
    assert.equal((await shOk('cat /etc/nova/nova.conf')).trimEnd(), before.trimEnd());
  });

  it('sed prints, substitutes to stdout and edits in place with -i', async () => {
    assert.equal(await shOk("sed -n '/^ram_allocation_ratio/p' /etc/nova/nova.conf"), 'ram_allocation_ratio=1.0\n');
    assert.equal(await shOk("sed -n 's/^\\(cpu_allocation_ratio\\)=.*/\\1=8.0/p' /etc/nova/nova.conf"), 'cpu_allocation_ratio=8.0\n');
    assert.equal(await shOk("echo a.b.c | sed 's/\\./-/g'"), 'a-b-c\n');
    assert.equal(await shOk("echo a.b.c | sed -E 's/(a)\\.(b)/\\2\\1/'"), 'ba.c\n');
    assert.equal(await shOk('grep -c ^cpu_allocation_ratio=16.0 /etc/nova/nova.conf'), '1\n', 'without -i the file stays');
    const r = await sh("sed -i 's/unterminated' /etc/nova/nova.conf");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^sed: -e expression #1, char \d+: unterminated `s' command\n$/);
    await shOk("sed -i 's/^cpu_allocation_ratio=16.0$/cpu_allocation_ratio=8.0/' /etc/nova/nova.conf");
    assert.equal(await shOk('crudini --get /etc/nova/nova.conf DEFAULT cpu_allocation_ratio'), '8.0\n');
  });

  it('nova-compute reads the ratios at restart: Placement shows them; journalctl -u shows the restart', async () => {
    assert.equal(Number((await inventory('VCPU')).allocation_ratio), 16, 'edited, but nova-compute has not restarted');
    await shOk('systemctl restart openstack-nova-compute');
    assert.equal(Number((await inventory('VCPU')).allocation_ratio), 8);
    assert.equal(Number((await inventory('MEMORY_MB')).allocation_ratio), 1);
    const j = await shOk('journalctl -u openstack-nova-compute --no-pager');
    assert.match(j, /^\w{3} \d\d \d\d:\d\d:\d\d localhost systemd\[1\]: Stopping OpenStack Nova Compute Server\.\.\.\n/m);
    assert.match(j, /systemd\[1\]: Started OpenStack Nova Compute Server\.\n$/);
    assert.match(await shOk('journalctl -u httpd -n 3'), /^\w{3} \d\d [\d:]{8} localhost systemd\[1\]: Starting The Apache HTTP Server\.\.\.\n.*Started The Apache HTTP Server\.\n$/);
    assert.equal(await shOk('journalctl -u firewalld'), '-- No entries --\n');
    assert.equal((await sh('journalctl -u httpd -n x')).code, 1);
  });

  it('novalidhost: a higher ram_allocation_ratio plus a nova-compute restart lets m1.small boot; the doctor accepts it', async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'novalidhost']);
    const file = join(lab.dataDir, 'cirros.img');
    writeFileSync(file, qcow2Image());
    await openstack(lab.dataDir, ['image', 'create', '--disk-format', 'qcow2', '--container-format', 'bare', '--file', file, 'cirros']);
    await openstack(lab.dataDir, ['server', 'create', '--flavor', 'm1.small', '--image', 'cirros', '--network', 'scenario-net', '--wait', 'vm1']);
    assert.equal((await openstackJson<Json>(lab.dataDir, ['server', 'show', 'vm1'])).status, 'ERROR');
    const d1 = await doctorJson(lab.dataDir);
    assert.ok(d1.findings.some((f) => f.id === 'host-memory-for-flavors'), JSON.stringify(d1.findings));

    // the ratio in the file alone changes nothing until nova-compute restarts
    await shOk('crudini --set /etc/nova/nova.conf DEFAULT ram_allocation_ratio 3.0');
    assert.ok((await doctorJson(lab.dataDir)).findings.some((f) => f.id === 'host-memory-for-flavors'));
    await shOk('systemctl restart openstack-nova-compute');
    assert.equal(Number((await inventory('MEMORY_MB')).allocation_ratio), 3);
    const d2 = await doctorJson(lab.dataDir);
    assert.deepEqual(d2.findings.filter((f) => f.id === 'host-memory-for-flavors'), []);
    assert.equal(d2.scenario?.solved, true);
    assert.equal((JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json).solved, true);
    assert.ok((await shOk('systemctl is-active httpd')).startsWith('active'), 'httpd still runs: the ratio was the fix');

    await openstack(lab.dataDir, ['server', 'create', '--flavor', 'm1.small', '--image', 'cirros', '--network', 'scenario-net', '--wait', 'vm2']);
    assert.equal((await openstackJson<Json>(lab.dataDir, ['server', 'show', 'vm2'])).status, 'ACTIVE');
    assert.match(await shOk('grep -c "Took" /var/log/nova/nova-compute.log'), /^[1-9]\d*\n$/);
  });
});
