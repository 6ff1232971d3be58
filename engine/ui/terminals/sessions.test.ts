import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TerminalSpec } from '../contract';
import { createTerminalLauncher, rcVariables } from './launch';
import { TerminalSessionSet, type SessionLimits, type TerminalProcess } from './sessions';

class FakeProcess implements TerminalProcess {
  data?: (d: Buffer | string) => void;
  exit?: (code: number | null) => void;
  written: string[] = [];
  paused = 0;
  resumed = 0;
  killed = false;
  onData(l: (d: Buffer | string) => void) {
    this.data = l;
  }
  onExit(l: (code: number | null) => void) {
    this.exit = l;
  }
  write(d: string) {
    this.written.push(d);
  }
  resize() {}
  pause() {
    this.paused++;
  }
  resume() {
    this.resumed++;
  }
  kill() {
    this.killed = true;
  }
}

const spec: TerminalSpec = { kind: 'local', cols: 80, rows: 24 };
const limits: SessionLimits = { flushMs: 5, flushChars: 1000, highWater: 2000, lowWater: 500, maxSessions: 2 };

function setup() {
  const procs: FakeProcess[] = [];
  const out: { id: string; data: string }[] = [];
  const exits: { id: string; code: number | null }[] = [];
  const set = new TerminalSessionSet(
    () => {
      const p = new FakeProcess();
      procs.push(p);
      return { process: p, title: 'Terminal' };
    },
    { data: (id, data) => out.push({ id, data }), exit: (id, code) => exits.push({ id, code }) },
    limits,
  );
  return { set, procs, out, exits };
}

const tick = (ms = 15) => new Promise((r) => setTimeout(r, ms));

test('output is batched, and a UTF-8 character split across chunks arrives whole', async () => {
  const { set, procs, out } = setup();
  const { id } = await set.open(spec);
  const bytes = Buffer.from('안녕 ok', 'utf8');
  procs[0].data!(bytes.subarray(0, 1));
  procs[0].data!(bytes.subarray(1, 4));
  procs[0].data!(bytes.subarray(4));
  assert.equal(out.length, 0, 'nothing is sent before the batch is due');
  await tick();
  assert.deepEqual(out, [{ id, data: '안녕 ok' }]);
});

test('a full batch is sent at once; too much unacknowledged output pauses the process until acked', async () => {
  const { set, procs, out } = setup();
  const { id } = await set.open(spec);
  procs[0].data!('x'.repeat(1500));
  assert.equal(out.length, 1, 'flushChars reached: sent without waiting');
  assert.equal(procs[0].paused, 0);
  procs[0].data!('y'.repeat(1500));
  assert.equal(procs[0].paused, 1, 'over the high-water mark: paused');
  set.ack(id, 1500);
  assert.equal(procs[0].resumed, 0, 'still above the low-water mark');
  set.ack(id, 1200);
  assert.equal(procs[0].resumed, 1);
});

test('bad arguments are refused with a clear error; the session cap holds; closeAll kills every process', async () => {
  const { set, procs } = setup();
  await assert.rejects(set.open({ kind: 'local', cols: 0, rows: 24 }), /cols must be a whole number/);
  await assert.rejects(set.open({ kind: 'nope', cols: 80, rows: 24 } as unknown as TerminalSpec), /kind must be/);
  await assert.rejects(set.open({ kind: 'console', cols: 80, rows: 24 } as unknown as TerminalSpec), /needs a serverId/);
  await set.open(spec);
  await set.open(spec);
  await assert.rejects(set.open(spec), /at most 2 terminals/);
  assert.throws(() => set.write('unknown', 'ls\r'), /no terminal unknown/);
  set.closeAll();
  assert.equal(set.size, 0);
  assert.ok(procs.every((p) => p.killed));
});

test('the exit of a process flushes its last output and reports its code', async () => {
  const { set, procs, out, exits } = setup();
  const { id } = await set.open(spec);
  procs[0].data!('bye\r\n');
  procs[0].exit!(3);
  assert.deepEqual(out, [{ id, data: 'bye\r\n' }]);
  assert.deepEqual(exits, [{ id, code: 3 }]);
  assert.equal(set.size, 0);
});

test('rc files give the OS_* variables of a local shell', () => {
  const env = rcVariables("unset OS_SERVICE_TOKEN\n    export OS_USERNAME=admin\n    export OS_PASSWORD='s3cr3t'\nexport OS_AUTH_URL=http://127.0.0.1:5000/v3\n");
  assert.deepEqual(env, { OS_USERNAME: 'admin', OS_PASSWORD: 's3cr3t', OS_AUTH_URL: 'http://127.0.0.1:5000/v3' });
});

test('a real pty: a local shell runs a command and its output comes back through the session', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stacklab-pty-'));
  const out: string[] = [];
  let exited: number | null | undefined;
  const set = new TerminalSessionSet(createTerminalLauncher({ dataDir, guests: () => undefined, stacklabBin: '/nonexistent' }), {
    data: (_id, d) => out.push(d),
    exit: (_id, code) => (exited = code),
  });
  const { id, title } = await set.open(spec);
  assert.equal(title, 'Terminal');
  set.write(id, "printf 'pty-%s\\n' $((6*7)); exit 5\r");
  for (let i = 0; i < 200 && exited === undefined; i++) await tick(10);
  assert.match(out.join(''), /pty-42/);
  assert.equal(exited, 5);
});
