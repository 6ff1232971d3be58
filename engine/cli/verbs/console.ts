import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';

const ESCAPE = '\x1d'; // ^]

/**
 * `stacklab console <server>`: the instance's serial console (login: cirros / gocubsgo), like
 * `virsh console`. On a terminal the keys go straight to the guest (^] leaves); otherwise each
 * input line is typed followed by Enter, and the command ends once the input ends and the
 * guest has gone quiet. `--log` prints the console log instead.
 */
export function registerConsole(program: Command): void {
  program
    .command('console')
    .description("attach to an instance's serial console (^] to leave), or print its log with --log")
    .argument('<server>', 'server name or id')
    .addOption(dataDirOption())
    .option('--log', 'print the console log and exit')
    .option('--lines <n>', 'with --log: only the last N lines', (v) => Number(v))
    .action(async (server: string, opts: { dataDir: string; log?: boolean; lines?: number }) => {
      const lab = new LabClient(opts.dataDir);
      lab.requireRunning();
      if (opts.log) {
        const q = opts.lines && opts.lines > 0 ? `?lines=${opts.lines}` : '';
        const r = await lab.call<{ log: string }>('GET', `/console/${encodeURIComponent(server)}/log${q}`);
        process.stdout.write(r.log);
        return;
      }
      const s = await lab.call<{ id: string; name: string; serverId: string }>('POST', '/console/sessions', { server });
      const tty = Boolean(process.stdin.isTTY);
      process.stderr.write(`Connected to ${s.name} (${s.serverId})\nEscape character is ^]\n`);
      let open = true;
      const read = (wait: number) => lab.call<{ data: string }>('GET', `/console/sessions/${s.id}/read?wait=${wait}`).then((r) => r.data);
      const write = (data: string) => lab.call('POST', `/console/sessions/${s.id}/write`, { data });
      const close = async () => {
        open = false;
        await lab.call('DELETE', `/console/sessions/${s.id}`).catch(() => undefined);
      };

      if (tty) {
        const pump = (async () => {
          while (open) {
            const data = await read(20_000).catch(() => undefined);
            if (data === undefined) break;
            if (data) process.stdout.write(data);
          }
        })();
        process.stdin.setRawMode(true);
        process.stdin.resume();
        await new Promise<void>((resolve) => {
          process.stdin.on('data', (chunk: Buffer) => {
            const text = chunk.toString('utf8');
            const at = text.indexOf(ESCAPE);
            if (at >= 0) {
              if (at > 0) void write(text.slice(0, at));
              resolve();
              return;
            }
            void write(text);
          });
        });
        process.stdin.setRawMode(false);
        process.stdin.pause();
        await close();
        await pump.catch(() => undefined);
        process.stdout.write('\r\n');
        return;
      }

      // lines: type each, then print what the guest answered once it is quiet
      const drain = async () => {
        for (;;) {
          const data = await read(400);
          if (!data) return;
          process.stdout.write(data.replace(/\r\n/g, '\n'));
        }
      };
      await drain();
      const rl = createInterface({ input: process.stdin, terminal: false });
      for await (const line of rl) {
        await write(`${line}\r`);
        await drain();
      }
      await drain();
      await close();
    });
}
