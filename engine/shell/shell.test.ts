/**
 * The host shell: prompts, lists and pipes, the environment and `source` of a keystonerc,
 * redirections, unknown commands, the text tools and `openstack` with and without a client.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rig } from './shell.fixture';

describe('HostShell basics', () => {
  it('shows the seeds prompt, and the keystone one after sourcing the rc', async () => {
    const r = rig();
    assert.equal(r.shell.prompt(), '[root@localhost ~]# ');
    const out = await r.run('source keystonerc_admin');
    assert.deepEqual(out, { stdout: '', stderr: '', code: 0 });
    assert.equal(r.shell.prompt(), '[root@localhost ~(keystone_admin)]# ');
    r.host.setHostname('controller.example.com');
    assert.equal(r.shell.prompt(), '[root@controller ~(keystone_admin)]# ');
  });

  it('source reads export lines into the environment and runs unset', async () => {
    const r = rig();
    await r.run('export OS_SERVICE_TOKEN=leftover');
    await r.run('. ~/keystonerc_admin');
    const env = await r.run('env | grep ^OS_');
    assert.deepEqual(env.stdout.split('\n').filter(Boolean).sort(), [
      'OS_AUTH_URL=http://10.0.2.15:5000/v3',
      'OS_IDENTITY_API_VERSION=3',
      'OS_PASSWORD=s3cr3t pass',
      'OS_PROJECT_DOMAIN_NAME=Default',
      'OS_PROJECT_NAME=admin',
      'OS_REGION_NAME=RegionOne',
      'OS_USERNAME=admin',
      'OS_USER_DOMAIN_NAME=Default',
    ]);
    assert.equal((await r.run('echo "$OS_USERNAME@${OS_REGION_NAME}"')).stdout, 'admin@RegionOne\n');
  });

  it('reports a missing rc file the way bash does', async () => {
    const r = rig();
    assert.deepEqual(await r.run('source keystonerc_demo'), { stdout: '', stderr: 'bash: keystonerc_demo: No such file or directory\n', code: 1 });
    assert.equal((await r.run('source')).code, 2);
  });

  it('export, unset and plain assignments', async () => {
    const r = rig();
    await r.run('A=1; export B=2');
    assert.equal((await r.run('echo $A $B')).stdout, '1 2\n');
    assert.equal((await r.run('env | grep -c "^[AB]="')).stdout, '1\n', 'only B is exported');
    await r.run('export A; unset B');
    assert.equal((await r.run('env | grep "^[AB]="')).stdout, 'A=1\n');
    assert.equal((await r.run('export 1x=3')).code, 1);
  });

  it('runs ; && || with the right exit codes', async () => {
    const r = rig();
    assert.deepEqual(await r.run('echo a; false; echo b'), { stdout: 'a\nb\n', stderr: '', code: 0 });
    assert.equal((await r.run('false && echo no')).stdout, '');
    assert.equal((await r.run('false || echo yes')).stdout, 'yes\n');
    assert.equal((await r.run('true && echo x || echo y')).stdout, 'x\n');
    assert.equal((await r.run('false; echo $?')).stdout, '1\n');
  });

  it('says command not found with code 127', async () => {
    const r = rig();
    assert.deepEqual(await r.run('foo --bar'), { stdout: '', stderr: 'bash: foo: command not found\n', code: 127 });
    assert.equal((await r.run('echo $?')).stdout, '127\n');
  });

  it('reports syntax errors with code 2', async () => {
    const r = rig();
    assert.deepEqual(await r.run('echo "abc'), { stdout: '', stderr: "bash: unexpected EOF while looking for matching `\"'\n", code: 2 });
  });

  it('pipes stdout into the next command and keeps stderr', async () => {
    const r = rig();
    const out = await r.run('ip a | grep inet | head -n 2');
    assert.equal(out.stdout, '    inet 127.0.0.1/8 scope host lo\n    inet6 ::1/128 scope host \n');
    const err = await r.run('ip addr show dev nope | wc -l');
    assert.deepEqual(err, { stdout: '0\n', stderr: 'Device "nope" does not exist.\n', code: 0 });
  });

  it('redirects to /dev/null, merges 2>&1, and writes files on the host', async () => {
    const r = rig();
    assert.deepEqual(await r.run('ip a show nope 2>/dev/null'), { stdout: '', stderr: '', code: 1 });
    assert.deepEqual(await r.run('ip a show nope 2>&1 | wc -l'), { stdout: '1\n', stderr: '', code: 0 });
    assert.equal((await r.run('echo hi > /dev/null')).stdout, '');
    assert.deepEqual(await r.run('echo hi > out.txt && echo there >> out.txt && cat out.txt'), { stdout: 'hi\nthere\n', stderr: '', code: 0 });
    assert.match((await r.run('echo hi > /nope/out.txt')).stderr, /\/nope\/out.txt: No such file or directory/);
    assert.equal((await r.run('grep OS_USERNAME < keystonerc_admin')).stdout, '    export OS_USERNAME=admin\n');
  });

  it('exit ends the session with its code', async () => {
    const r = rig();
    const out = await r.run('exit 3; echo never');
    assert.equal(out.code, 3);
    assert.equal(out.stdout, 'logout\n');
    assert.equal(r.shell.exited, 3);
  });

  it('which, help, clear, pwd, cd', async () => {
    const r = rig();
    assert.deepEqual(await r.run('which ip ovs-vsctl'), { stdout: '/usr/sbin/ip\n/usr/bin/ovs-vsctl\n', stderr: '', code: 0 });
    const missing = await r.run('which openstack');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no openstack in \(\/usr\/local\/sbin:/);
    const help = await r.run('help');
    for (const name of ['ip', 'arp', 'ovs-vsctl', 'ping', 'systemctl', 'hostnamectl', 'free', 'openstack']) assert.match(help.stdout, new RegExp(`^  ${name} `, 'm'));
    assert.equal((await r.run('clear')).stdout, '\x1b[H\x1b[2J\x1b[3J');
    assert.equal((await r.run('cd; pwd')).stdout, '/root\n');
    assert.equal((await r.run('cd /nope')).code, 1);
  });
});

describe('text tools', () => {
  const text = 'neutron-server\nneutron-l3-agent\nhttpd\nNeutron-Dhcp\nmariadb\n';
  const files = { '/root/list.txt': text };
  it('grep -i -v -c -n -E, context and files', async () => {
    const r = rig({ files });
    assert.equal((await r.run('cat list.txt | grep neutron')).stdout, 'neutron-server\nneutron-l3-agent\n');
    assert.equal((await r.run('grep -i neutron list.txt')).stdout, 'neutron-server\nneutron-l3-agent\nNeutron-Dhcp\n');
    assert.equal((await r.run('grep -vi neutron list.txt')).stdout, 'httpd\nmariadb\n');
    assert.equal((await r.run('grep -c neutron list.txt')).stdout, '2\n');
    assert.equal((await r.run('grep -n httpd list.txt')).stdout, '3:httpd\n');
    assert.equal((await r.run("grep -E 'httpd|mariadb' list.txt")).stdout, 'httpd\nmariadb\n');
    assert.equal((await r.run("grep 'httpd\\|mariadb' list.txt")).stdout, 'httpd\nmariadb\n');
    assert.equal((await r.run('grep httpd -A 1 list.txt')).stdout, 'httpd\nNeutron-Dhcp\n');
    assert.equal((await r.run('grep -C1 l3 list.txt')).stdout, 'neutron-server\nneutron-l3-agent\nhttpd\n');
    const none = await r.run('grep nova list.txt');
    assert.equal(none.code, 1);
    assert.deepEqual(await r.run('grep x missing.txt'), { stdout: '', stderr: 'grep: missing.txt: No such file or directory\n', code: 2 });
  });
  it('head, tail, wc', async () => {
    const r = rig({ files });
    assert.equal((await r.run('head -n 2 list.txt')).stdout, 'neutron-server\nneutron-l3-agent\n');
    assert.equal((await r.run('cat list.txt | head -1')).stdout, 'neutron-server\n');
    assert.equal((await r.run('tail -n 2 list.txt')).stdout, 'Neutron-Dhcp\nmariadb\n');
    assert.equal((await r.run('tail -n +5 list.txt')).stdout, 'mariadb\n');
    assert.equal((await r.run('cat list.txt | wc -l')).stdout, '5\n');
    assert.equal((await r.run('wc -l list.txt')).stdout, '5 list.txt\n');
    assert.equal((await r.run('echo a b c | wc')).stdout, '      1       3       6\n');
  });
  it('echo -n and -e', async () => {
    const r = rig();
    assert.equal((await r.run('echo -n a; echo -e "b\\tc"')).stdout, 'ab\tc\n');
  });
});

describe('openstack', () => {
  it('runs the client with the environment the rc set', async () => {
    const calls: { argv: string[]; env: Record<string, string> }[] = [];
    const r = rig({
      deps: {
        openstack: async (argv, env) => {
          calls.push({ argv, env });
          return { stdout: '+----+\n', stderr: '', code: 0 };
        },
      },
    });
    await r.run('source keystonerc_admin');
    const out = await r.run('openstack server create --flavor m1.small --image cirros --network intnet "test instance"');
    assert.deepEqual(out, { stdout: '+----+\n', stderr: '', code: 0 });
    assert.deepEqual(calls[0].argv, ['server', 'create', '--flavor', 'm1.small', '--image', 'cirros', '--network', 'intnet', 'test instance']);
    assert.equal(calls[0].env.OS_USERNAME, 'admin');
    assert.equal(calls[0].env.OS_AUTH_URL, 'http://10.0.2.15:5000/v3');
    assert.equal((await r.run('OS_CLOUD=x openstack token issue')).code, 0);
    assert.equal(calls[1].env.OS_CLOUD, 'x');
    assert.equal((await r.run('which openstack')).stdout, '/usr/bin/openstack\n');
  });

  it('explains how to install the client when there is none', async () => {
    const r = rig();
    const out = await r.run('openstack network list');
    assert.equal(out.code, 127);
    assert.match(out.stderr, /^bash: openstack: command not found\n/);
    assert.match(out.stderr, /apt-get install python3-openstackclient/);
  });
});
