import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
  prompt: string;
  exited: number | null;
  /** The next line is a secret (ssh's password prompt): the terminal must not echo it. */
  secret?: boolean;
}

/**
 * The terminal as readline writes to it, with echo that can be turned off: while `muted`, what
 * readline would write (the typed characters, the line's redraws) is dropped, as getpass does.
 */
class EchoGate extends Writable {
  muted = false;
  constructor(private readonly out: NodeJS.WriteStream) {
    super();
    out.on('resize', () => this.emit('resize'));
  }
  /** readline wraps lines at the terminal's width. */
  get columns(): number | undefined {
    return this.out.columns;
  }
  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    // passed on at once (never queued), so muting applies from the very next write
    if (!this.muted) this.out.write(chunk, encoding);
    done();
  }
}

/** `stacklab shell`: the host's shell (the seeds' `[root@localhost ~]#`), interactive or with `-c`. */
export function registerShell(program: Command): void {
  program
    .command('shell')
    .description("a shell on the lab's host: ip netns, ovs-vsctl show, ping, systemctl, openstack …")
    .addOption(dataDirOption())
    .option('-c, --command <line>', 'run one command line and exit with its status')
    .action(async (opts: { dataDir: string; command?: string }) => {
      const lab = new LabClient(opts.dataDir);
      lab.requireRunning();
      const session = await lab.call<{ id: string; prompt: string }>('POST', '/shell/sessions');
      const run = (line: string) => lab.call<RunResult>('POST', `/shell/sessions/${session.id}/run`, { line });
      if (opts.command !== undefined) {
        const r = await run(opts.command);
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
        await lab.call('DELETE', `/shell/sessions/${session.id}`);
        process.exitCode = r.code;
        return;
      }
      const terminal = process.stdin.isTTY === true;
      const gate = new EchoGate(process.stdout);
      const rl = createInterface({ input: process.stdin, output: gate, terminal });
      // a password never goes into the up-arrow history
      rl.on('history', (history: string[]) => {
        if (gate.muted) history.shift();
      });
      rl.setPrompt(session.prompt);
      rl.prompt();
      for await (const line of rl) {
        if (gate.muted) {
          // the typed password stayed off the screen; the Enter that ended it did not
          gate.muted = false;
          if (terminal) process.stdout.write('\r\n');
        }
        const r = await run(line);
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
        if (r.exited !== null) {
          process.exitCode = r.exited;
          break;
        }
        rl.setPrompt(r.prompt);
        rl.prompt();
        if (r.secret && terminal) gate.muted = true;
      }
      rl.close();
      await lab.call('DELETE', `/shell/sessions/${session.id}`).catch(() => undefined);
    });
}
