import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { doctorJson, hostShell, type Json, openstack, openstackJson, type ServeProcess, stacklabOk, startServe, tempDir } from '../support/lab';

/**
 * The seeds' "ARP incomplete": the host renamed under the Neutron agents. Solved end to end with
 * the commands a student runs. Time passes for real: the lab's neutron.conf is given a short
 * agent_down_time and report_interval first (crudini + systemctl restart, as an operator would),
 * so the old registrations turn XXX in seconds instead of 75.
 */
describe('scenario arp-incomplete (real CLI + host shell)', () => {
  let lab: ServeProcess;
  let routerId = '';
  let vmIp = '';
  const DOWN_S = 4;
  const sh = async (line: string) => {
    const r = await hostShell(lab.dataDir, line);
    return r;
  };
  const shOk = async (line: string) => {
    const r = await sh(line);
    assert.equal(r.code, 0, `${line}: ${r.stderr}`);
    return r.stdout;
  };
  const os = async (args: string[]) => {
    const r = await openstack(lab.dataDir, args);
    assert.equal(r.code, 0, `openstack ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const agents = async (extra: string[] = []) =>
    (await openstackJson<Json[]>(lab.dataDir, ['network', 'agent', 'list', ...extra])).map((a) => `${a['Agent Type']}@${a.Host}:${a.Alive ? ':-)' : 'XXX'}`).sort();
  const routerAgents = async () => openstackJson<Json[]>(lab.dataDir, ['network', 'agent', 'list', '--router', 'router1']);
  const pingFromRouter = () => sh(`ip netns exec qrouter-${routerId} ping -c 1 -W 1 ${vmIp}`);
  const arpLine = async () => (await shOk(`ip netns exec qrouter-${routerId} arp -n`)).split('\n').find((l) => l.startsWith(`${vmIp} `)) ?? '';
  const ruleFindings = (d: { findings: Json[] }, id: string) => d.findings.filter((f) => f.id === id);
  /** Lets the old registrations miss agent_down_time (and the live ones report meanwhile). */
  const outlive = () => sleep((DOWN_S + 1.5) * 1000);

  before(async () => {
    lab = await startServe(tempDir(), undefined, ['--instant']);
  });
  after(async () => {
    if (lab) assert.equal(await lab.stop(), 0);
  });

  it('neutron.conf edits land (crudini, sed) and neutron-server/agents read them at restart', async () => {
    await shOk(`crudini --set /etc/neutron/neutron.conf DEFAULT agent_down_time ${DOWN_S}`);
    await shOk("sed -i 's/^#report_interval=30$/report_interval=1/' /etc/neutron/neutron.conf");
    assert.equal(await shOk('crudini --get /etc/neutron/neutron.conf DEFAULT agent_down_time'), `${DOWN_S}\n`);
    assert.equal(await shOk('crudini --get /etc/neutron/neutron.conf agent report_interval'), '1\n');
    await shOk('systemctl restart neutron-*');
    const j = await shOk('journalctl -u neutron-l3-agent --no-pager -n 2');
    assert.match(j, /systemd\[1\]: Starting OpenStack Neutron Layer 3 Agent\.\.\.\n.*systemd\[1\]: Started OpenStack Neutron Layer 3 Agent\.\n$/);
  });

  it('start: builds network, router and instance, then renames the host; the router loses the instance', async () => {
    await stacklabOk(lab.dataDir, ['scenario', 'start', 'arp-incomplete']);
    routerId = String((await openstackJson<Json>(lab.dataDir, ['router', 'show', 'router1'])).id);
    const vm = await openstackJson<Json>(lab.dataDir, ['server', 'show', 'arp-vm']);
    assert.equal(vm.status, 'ACTIVE');
    vmIp = String((vm.addresses as Record<string, string[]>)['arp-net'][0]);
    assert.equal(await shOk('hostname'), 'localhost.localdomain\n');
    assert.equal(await shOk('cat /etc/hostname'), 'localhost.localdomain\n');

    await outlive();
    const list = await agents();
    for (const kind of ['DHCP agent', 'L3 agent', 'Metadata agent', 'Metering agent', 'Open vSwitch agent']) {
      assert.ok(list.includes(`${kind}@localhost:XXX`), `${kind} under the old name is dead: ${list.join(', ')}`);
      assert.ok(list.includes(`${kind}@localhost.localdomain::-)`), `${kind} under the new name is alive: ${list.join(', ')}`);
    }
    const table = await os(['network', 'agent', 'list']);
    assert.match(table, /\| L3 agent\s+\| localhost\s+\| nova\s+\| XXX\s+\| UP\s+\| neutron-l3-agent\s+\|/);
    const hosting = await routerAgents();
    assert.deepEqual(hosting.map((a) => [a.Host, a.Alive]), [['localhost', false]]);

    const ping = await pingFromRouter();
    assert.notEqual(ping.code, 0, 'ping from the router namespace fails');
    assert.match(ping.stdout, /1 packets transmitted, 0 received/);
    assert.match(await arpLine(), new RegExp(`^${vmIp.replace(/\./g, '\\.')}\\s+\\(incomplete\\)\\s+qr-`));
    assert.match(await shOk('tail -n 20 /var/log/neutron/openvswitch-agent.log'), /WARNING .* Device [0-9a-f-]{36} not defined on plugin or binding failed/);

    const d = await doctorJson(lab.dataDir);
    const found = ruleFindings(d, 'router-agent-host');
    assert.ok(found.some((f) => /hosted by the L3 agent of host localhost \(dead: XXX\)/.test(String(f.cause))), JSON.stringify(found));
    assert.ok(found.some((f) => /bound to host localhost/.test(String(f.cause)) && /\(incomplete\)/.test(String(f.symptom))), JSON.stringify(found));
    assert.ok(found[0].fix.includes('hostnamectl set-hostname localhost'));
    assert.equal(d.scenario?.solved, false);
    const status = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(status.name, 'arp-incomplete');
    assert.equal(status.solved, false);
  });

  it('ip neigh flush alone does not help: the next ping asks again and nobody answers', async () => {
    await shOk(`ip netns exec qrouter-${routerId} ip neigh flush dev ${(await arpLine()).trim().split(/\s+/).pop()}`);
    assert.equal(await arpLine(), '');
    assert.notEqual((await pingFromRouter()).code, 0);
    assert.match(await arpLine(), /\(incomplete\)/);
  });

  it('the seed\'s fix: hostname back and the agents restarted; the router reaches the instance again; solved', async () => {
    await shOk('hostnamectl set-hostname localhost');
    await shOk('systemctl restart neutron-*');
    const ping = await pingFromRouter();
    assert.equal(ping.code, 0, ping.stdout + ping.stderr);
    assert.match(await arpLine(), /^\S+\s+ether\s+fa:16:3e:/);
    assert.deepEqual((await routerAgents()).map((a) => [a.Host, a.Alive]), [['localhost', true]]);
    const d = await doctorJson(lab.dataDir);
    assert.deepEqual(ruleFindings(d, 'router-agent-host'), []);
    assert.equal(d.scenario?.solved, true);
    const status = JSON.parse(await stacklabOk(lab.dataDir, ['scenario', 'status', '--json'])) as Json;
    assert.equal(status.solved, true);
    assert.equal(typeof status.solveSeconds, 'number');

    // the registrations under localhost.localdomain are left over: dead, and the doctor says so
    await outlive();
    const stale = ruleFindings(await doctorJson(lab.dataDir), 'stale-agents');
    assert.equal(stale.length, 1);
    assert.match(String(stale[0].fix[0]), /^openstack network agent delete( [0-9a-f-]{36}){5}$/);
    await os(String(stale[0].fix[0]).split(' ').slice(1));
    assert.ok((await agents()).every((a) => a.endsWith(':-)') && a.includes('@localhost:')));
    assert.deepEqual((await doctorJson(lab.dataDir)).findings, []);
  });

  it('the other way out: the router moved to the live L3 agent, the port bound to the live host, the dead agents deleted', async () => {
    // renamed again, as the scenario did
    await shOk('hostnamectl set-hostname localhost.localdomain');
    await shOk('systemctl restart neutron-*');
    await outlive();
    assert.notEqual((await pingFromRouter()).code, 0);
    const d = ruleFindings(await doctorJson(lab.dataDir), 'router-agent-host');
    assert.equal(d.length, 2, JSON.stringify(d));

    const all = await openstackJson<Json[]>(lab.dataDir, ['network', 'agent', 'list', '--agent-type', 'l3']);
    const dead = all.find((a) => a.Host === 'localhost')!;
    const live = all.find((a) => a.Host === 'localhost.localdomain')!;
    await os(['network', 'agent', 'remove', 'router', '--l3', String(dead.ID), 'router1']);
    await os(['network', 'agent', 'add', 'router', '--l3', String(live.ID), 'router1']);
    assert.deepEqual((await routerAgents()).map((a) => a.Host), ['localhost.localdomain']);
    // the router's ports follow its agent; the instance's port still points at the old host
    const left = ruleFindings(await doctorJson(lab.dataDir), 'router-agent-host');
    assert.equal(left.length, 1, JSON.stringify(left));
    assert.match(String(left[0].cause), /instance's port is bound to host localhost,/);
    assert.doesNotMatch(String(left[0].cause), /router is hosted/);

    const port = (await openstackJson<Json[]>(lab.dataDir, ['port', 'list', '--server', 'arp-vm']))[0];
    await os(['port', 'set', '--host', 'localhost.localdomain', String(port.ID)]);
    assert.equal((await pingFromRouter()).code, 0);

    const stale = (await openstackJson<Json[]>(lab.dataDir, ['network', 'agent', 'list'])).filter((a) => !a.Alive).map((a) => String(a.ID));
    assert.equal(stale.length, 5);
    await os(['network', 'agent', 'delete', ...stale]);
    assert.deepEqual((await doctorJson(lab.dataDir)).findings, []);
  });

  it('deleting the dead L3 agent that hosts the router: the live one takes the router at its next report (router_auto_schedule)', async () => {
    await shOk('hostnamectl set-hostname localhost');
    await shOk('systemctl restart neutron-*');
    await outlive();
    const hosting = await routerAgents();
    assert.deepEqual(hosting.map((a) => [a.Host, a.Alive]), [['localhost.localdomain', false]]);
    await os(['network', 'agent', 'delete', String(hosting[0].ID)]);
    await sleep(2500); // report_interval is 1 s
    assert.deepEqual((await routerAgents()).map((a) => [a.Host, a.Alive]), [['localhost', true]]);
    const qr = (await openstackJson<Json[]>(lab.dataDir, ['port', 'list', '--router', 'router1', '--long'])).map((p) => String(p.ID));
    for (const id of qr) assert.equal((await os(['port', 'show', id, '-f', 'value', '-c', 'binding_host_id'])).trim(), 'localhost');
  });
});
