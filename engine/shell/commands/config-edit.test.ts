/** Editing the host's config files without vi: sed, crudini; journalctl -u over /var/log/messages; systemctl globs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemFs } from '../fs';
import { rig } from '../shell.fixture';

const CONF = '[DEFAULT]\n# a comment\nmy_ip=10.0.2.15\nram_allocation_ratio=1.0\n\n[scheduler]\nmax_attempts=3\n';

const withFiles = (files: Record<string, string>) => {
  const fs = new MemFs(files, ['/etc', '/etc/nova', '/var', '/var/log', '/root', '/tmp']);
  return { fs, r: rig({ deps: { fs } }) };
};
const text = (fs: MemFs, p: string) => fs.read(p)?.toString('utf8');

describe('sed', () => {
  it('s with g, N, &, groups and I; p, d, addresses and ranges; -n', async () => {
    const { r } = withFiles({ '/tmp/f': 'one two one\nthree\nfour one\n' });
    assert.equal((await r.run("sed 's/one/1/' /tmp/f")).stdout, '1 two one\nthree\nfour 1\n');
    assert.equal((await r.run("sed 's/one/1/g' /tmp/f")).stdout, '1 two 1\nthree\nfour 1\n');
    assert.equal((await r.run("sed 's/one/1/2' /tmp/f")).stdout, 'one two 1\nthree\nfour one\n');
    assert.equal((await r.run("sed 's/t[a-z]*/<&>/' /tmp/f")).stdout, 'one <two> one\n<three>\nfour one\n');
    assert.equal((await r.run("sed 's/\\(o\\)ne/\\1NE/' /tmp/f")).stdout, 'oNE two one\nthree\nfour oNE\n');
    assert.equal((await r.run("sed 's/ONE/x/I' /tmp/f")).stdout, 'x two one\nthree\nfour x\n');
    assert.equal((await r.run("sed -n '2p' /tmp/f")).stdout, 'three\n');
    assert.equal((await r.run("sed -n '$p' /tmp/f")).stdout, 'four one\n');
    assert.equal((await r.run("sed '1,2d' /tmp/f")).stdout, 'four one\n');
    assert.equal((await r.run("sed '/three/,$d' /tmp/f")).stdout, 'one two one\n');
    assert.equal((await r.run("sed '2!d' /tmp/f")).stdout, 'three\n');
    assert.equal((await r.run("sed -e 's/one/1/g' -e 's/two/2/' /tmp/f")).stdout, '1 2 1\nthree\nfour 1\n');
    assert.equal((await r.run("sed 's|one|/|g;2d' /tmp/f")).stdout, '/ two /\nfour /\n');
    assert.equal((await r.run("sed -n 's/three/3/p' /tmp/f")).stdout, '3\n');
  });

  it('-i rewrites the file (and -i.bak keeps the old one); errors change nothing', async () => {
    const { fs, r } = withFiles({ '/etc/nova/nova.conf': CONF });
    assert.equal((await r.run("sed -i 's/^ram_allocation_ratio=.*/ram_allocation_ratio=2.0/' /etc/nova/nova.conf")).code, 0);
    assert.equal(text(fs, '/etc/nova/nova.conf'), CONF.replace('ram_allocation_ratio=1.0', 'ram_allocation_ratio=2.0'));
    assert.equal((await r.run("sed -i.bak 's/my_ip/#my_ip/' /etc/nova/nova.conf")).code, 0);
    assert.match(text(fs, '/etc/nova/nova.conf') ?? '', /^#my_ip=/m);
    assert.match(text(fs, '/etc/nova/nova.conf.bak') ?? '', /^my_ip=/m);
    const before = text(fs, '/etc/nova/nova.conf');
    for (const bad of ["sed -i 's/a/b' /etc/nova/nova.conf", "sed -i 'k' /etc/nova/nova.conf", "sed -i 's/(/x/;s/a' /etc/nova/nova.conf"]) {
      const out = await r.run(bad);
      assert.equal(out.code, 1, bad);
      assert.match(out.stderr, /^sed: -e expression #1, char \d+: /);
    }
    assert.equal(text(fs, '/etc/nova/nova.conf'), before);
    const missing = await r.run("sed -i 's/a/b/' /etc/nova/none.conf");
    assert.deepEqual([missing.code, missing.stderr], [2, "sed: can't read /etc/nova/none.conf: No such file or directory\n"]);
    assert.equal((await r.run("sed -i 's/a/b/'")).stderr, 'sed: no input files\n');
  });
});

describe('crudini', () => {
  it('sets in place, appends to a section, makes sections and files; gets and deletes', async () => {
    const { fs, r } = withFiles({ '/etc/nova/nova.conf': CONF });
    await r.run('crudini --set /etc/nova/nova.conf DEFAULT ram_allocation_ratio 3.0');
    await r.run('crudini --set /etc/nova/nova.conf DEFAULT cpu_allocation_ratio 4.0');
    await r.run('crudini --set /etc/nova/nova.conf scheduler discover_hosts_in_cells_interval 300');
    await r.run('crudini --set /etc/nova/nova.conf libvirt virt_type qemu');
    assert.equal(
      text(fs, '/etc/nova/nova.conf'),
      '[DEFAULT]\n# a comment\nmy_ip=10.0.2.15\nram_allocation_ratio=3.0\ncpu_allocation_ratio = 4.0\n\n[scheduler]\nmax_attempts=3\ndiscover_hosts_in_cells_interval = 300\n\n[libvirt]\nvirt_type = qemu\n',
    );
    assert.equal((await r.run('crudini --get /etc/nova/nova.conf')).stdout, 'DEFAULT\nscheduler\nlibvirt\n');
    assert.equal((await r.run('crudini --get /etc/nova/nova.conf DEFAULT')).stdout, 'my_ip\nram_allocation_ratio\ncpu_allocation_ratio\n');
    await r.run('crudini --del /etc/nova/nova.conf DEFAULT cpu_allocation_ratio');
    await r.run('crudini --del /etc/nova/nova.conf libvirt');
    assert.equal(text(fs, '/etc/nova/nova.conf'), '[DEFAULT]\n# a comment\nmy_ip=10.0.2.15\nram_allocation_ratio=3.0\n\n[scheduler]\nmax_attempts=3\ndiscover_hosts_in_cells_interval = 300\n\n');
    await r.run('crudini --set /tmp/new.ini agent report_interval 5');
    assert.equal(text(fs, '/tmp/new.ini'), '[agent]\nreport_interval = 5\n');
    const ex = await r.run('crudini --set --existing /etc/nova/nova.conf DEFAULT nosuch 1');
    assert.deepEqual([ex.code, ex.stderr], [1, 'Parameter not found: nosuch\n']);
    assert.equal((await r.run('crudini --get /etc/nova/none.conf DEFAULT x')).stderr, 'crudini: /etc/nova/none.conf: No such file or directory\n');
    assert.equal((await r.run('crudini /etc/nova/nova.conf')).code, 1);
  });
});

describe('journalctl -u and systemctl globs', () => {
  it("shows a unit's systemd lines from /var/log/messages, -n N, -- No entries --", async () => {
    const log =
      'Nov 22 18:40:01 localhost systemd[1]: Starting The Apache HTTP Server...\n' +
      'Nov 22 18:40:02 localhost systemd[1]: Started The Apache HTTP Server.\n' +
      'Nov 22 18:40:03 localhost systemd[1]: Started OpenStack Neutron Layer 3 Agent.\n' +
      'Nov 22 18:41:00 localhost systemd[1]: httpd.service: Deactivated successfully.\n';
    const { r } = withFiles({ '/var/log/messages': log });
    const lines = log.split('\n');
    assert.equal((await r.run('journalctl -u httpd.service --no-pager')).stdout, [lines[0], lines[1], lines[3], ''].join('\n'));
    assert.equal((await r.run('journalctl -u httpd -n 1')).stdout, `${lines[3]}\n`);
    assert.equal((await r.run('journalctl --unit=neutron-l3-agent')).stdout, `${lines[2]}\n`);
    assert.equal((await r.run('journalctl -u firewalld')).stdout, '-- No entries --\n');
    assert.equal((await r.run('journalctl -u httpd -n')).code, 1);
  });

  it('systemctl restart neutron-* restarts the loaded units the glob matches', async () => {
    const { r } = withFiles({});
    const pids = () => r.host.services().filter((u) => u.name.startsWith('neutron-') && u.state === 'active').map((u) => u.pid);
    const before = pids();
    assert.equal((await r.run('systemctl restart neutron-*')).code, 0);
    const after = pids();
    assert.equal(after.length, before.length);
    assert.ok(after.every((p, i) => p !== before[i]));
    assert.equal(r.host.service('httpd')?.since, r.host.service('mariadb')?.since, 'others untouched');
    assert.equal((await r.run("systemctl is-active 'neutron-l3*'")).stdout, 'active\n');
  });
});
