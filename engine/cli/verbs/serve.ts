import type { Command } from 'commander';
import { makeConfig } from '../../core/config';
import { Engine } from '../../server/engine';
import type { UiServer } from '../../ui/server';
import { dataDirOption, parseGateway, parseHostCidr, parseHostMemory, parseNic, parsePortOffset } from '../options';

/** `stacklab serve`: the headless engine. Prints one `stacklab ready …` line once every API answers. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the lab headless: every OpenStack API on this machine')
    .addOption(dataDirOption())
    .option('--host <address>', 'address every API binds to', '127.0.0.1')
    .option('--port-offset <n>', 'added to every well-known port (5000, 8774, …)', parsePortOffset, 0)
    .option('--host-nic <name>', "the simulated host's NIC on br-ex (default enp0s3)", parseNic)
    .option('--host-cidr <cidr>', "the simulated host's address on the provider network (default 10.0.2.15/24)", parseHostCidr)
    .option('--host-gateway <ip>', 'the upstream gateway of the provider network (default 10.0.2.1)', parseGateway)
    .option('--host-memory <MiB>', "the simulated host's RAM as free -m shows it (a new lab: 15827, a 16 GiB VM; the seeds' 8 GiB VM: 7751)", parseHostMemory)
    .option('--instant', 'server builds and actions complete at once instead of taking realistic seconds (tests, benchmarks)')
    .option('--ui', 'also serve the web GUI and its LabApi on 127.0.0.1:8000 (+ port offset)')
    .action(async (opts: { dataDir: string; host: string; portOffset: number; hostNic?: string; hostCidr?: string; hostGateway?: string; hostMemory?: number; instant?: boolean; ui?: boolean }) => {
      const t0 = performance.now();
      const engine = new Engine(
        makeConfig({ dataDir: opts.dataDir, host: opts.host, portOffset: opts.portOffset, hostNetwork: { nic: opts.hostNic, hostCidr: opts.hostCidr, gateway: opts.hostGateway }, hostMemoryMb: opts.hostMemory, instant: opts.instant === true }),
      );
      let ui: UiServer | undefined;
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`stacklab: ${signal}, shutting down\n`);
        await ui?.close().catch(() => undefined);
        await engine.stop();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
      try {
        const status = await engine.start();
        const apis = status.apis.map((a) => `${a.type} ${a.url}`).join(', ');
        process.stdout.write(`stacklab ready in ${Math.round(performance.now() - t0)} ms: ${apis} (data dir ${status.dataDir})\n`);
        process.stdout.write(`source ${status.dataDir}/keystonerc_admin to use the openstack CLI\n`);
        if (opts.ui) {
          // the GUI's server (and its terminals, topology…) load only when asked for
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const { startEngineUi } = require('../../ui') as typeof import('../../ui');
          ui = await startEngineUi(engine, status, { host: opts.host, portOffset: opts.portOffset });
          process.stdout.write(`stacklab ui: ${ui.url}\n`);
        }
      } catch (e) {
        process.stderr.write(`stacklab: could not start: ${(e as Error).message}\n`);
        await engine.stop().catch(() => undefined);
        process.exit(1);
      }
    });
}
