import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';

interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
  prompt: string;
  exited: number | null;
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
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
      rl.setPrompt(session.prompt);
      rl.prompt();
      for await (const line of rl) {
        const r = await run(line);
        process.stdout.write(r.stdout);
        process.stderr.write(r.stderr);
        if (r.exited !== null) {
          process.exitCode = r.exited;
          break;
        }
        rl.setPrompt(r.prompt);
        rl.prompt();
      }
      rl.close();
      await lab.call('DELETE', `/shell/sessions/${session.id}`).catch(() => undefined);
    });
}
