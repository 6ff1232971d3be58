import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../engine/core/clock';
import { type InProcessLab, startInProcessLab } from '../support/lab';

/**
 * Agents report while their service runs, under the hostname they started with — the seed's
 * `network agent list` after a hostname change: the old registrations turn XXX, restarted ones
 * appear under the new name.
 */
describe('neutron agents follow the host\'s services and hostname', () => {
  let lab: InProcessLab;
  const clock = new ManualClock(new Date());
  const sh = async (line: string) => {
    const s = lab.engine.host!.openSession();
    return lab.engine.host!.run(s.id, line);
  };
  const alive = () =>
    lab.engine
      .network!.agents.list()
      .map((a) => `${a.agent_type}@${a.host}:${a.alive ? ':-)' : 'XXX'}`)
      .sort();
  const tick = (s: number) => {
    clock.advance(s * 1000);
    lab.engine.host!.heartbeat();
  };

  before(async () => {
    lab = await startInProcessLab({ clock });
  });
  after(async () => lab.stop());

  it('registers the five agents of localhost alive', () => {
    assert.deepEqual(alive(), [
      'DHCP agent@localhost::-)',
      'L3 agent@localhost::-)',
      'Metadata agent@localhost::-)',
      'Metering agent@localhost::-)',
      'Open vSwitch agent@localhost::-)',
    ]);
  });

  it('shows an agent XXX once its service is stopped longer than agent_down_time', async () => {
    assert.equal((await sh('systemctl stop neutron-l3-agent')).code, 0);
    tick(40);
    assert.ok(alive().includes('L3 agent@localhost::-)'), 'still within 75 s');
    tick(40);
    assert.ok(alive().includes('L3 agent@localhost:XXX'));
    assert.ok(alive().includes('DHCP agent@localhost::-)'));
    await sh('systemctl start neutron-l3-agent');
    tick(1);
    assert.ok(alive().includes('L3 agent@localhost::-)'));
  });

  it('after a hostname change, restarted agents register under the new name and the old ones die', async () => {
    assert.equal((await sh('hostnamectl set-hostname localhost.localdomain')).code, 0);
    await sh('systemctl restart neutron-dhcp-agent');
    tick(80);
    const now = alive();
    assert.ok(now.includes('DHCP agent@localhost.localdomain::-)'));
    assert.ok(now.includes('DHCP agent@localhost:XXX'));
    assert.ok(now.includes('L3 agent@localhost::-)'), 'not restarted: still reports under the old name');
  });
});
