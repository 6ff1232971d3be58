import type { Command } from 'commander';
import { openProbe } from '../../lab/doctor/session';
import { listScenarios, type ScenarioState } from '../../lab/scenarios';
import { nextHint, scenarioStatus, startScenario, stopScenario } from '../../lab/scenarios/runner';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';
import { table } from '../table';

function printState(state: ScenarioState): string {
  return table(['Field', 'Value'], [
    ['name', state.name],
    ['title', state.title],
    ['solved', String(state.solved)],
    ['hints used', String(state.hintsUsed)],
    ['started at', state.startedAt],
    ['solved at', state.solvedAt ?? ''],
    ['solve seconds', state.solveSeconds === null ? '' : String(state.solveSeconds)],
  ]);
}

/** `stacklab scenario list|start|status|hint|stop`: troubleshooting scenarios on a running lab. */
export function registerScenario(program: Command): void {
  const sc = program.command('scenario').description('troubleshooting scenarios: break the lab, then find and fix it');

  sc.command('list')
    .description('the scenarios there are')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const all = listScenarios();
      if (opts.json) process.stdout.write(JSON.stringify(all.map((s) => ({ name: s.name, title: s.title, description: s.description })), null, 2) + '\n');
      else process.stdout.write(table(['Name', 'Title'], all.map((s) => [s.name, s.title])));
    });

  sc.command('start <name>')
    .description('build what the scenario needs and break the lab')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir: string }) => {
      const lab = new LabClient(opts.dataDir);
      lab.requireRunning();
      const { probe, close } = await openProbe(opts.dataDir);
      try {
        const state = await startScenario(opts.dataDir, name, { probe, setHostMemory: (totalMb) => lab.call('POST', '/host/memory', { totalMb, besideGuests: true }) });
        const s = listScenarios().find((x) => x.name === state.name);
        process.stdout.write(`Scenario ${state.name} started: ${state.title}\n${s?.description ?? ''}\n`);
      } finally {
        await close();
      }
    });

  sc.command('status')
    .description('the running scenario: solved or not, hints used, time')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const { probe, close } = await openProbe(opts.dataDir);
      try {
        const state = await scenarioStatus(opts.dataDir, probe);
        process.stdout.write(opts.json ? JSON.stringify(state, null, 2) + '\n' : printState(state));
      } finally {
        await close();
      }
    });

  sc.command('hint')
    .description('the next hint: a nudge, then a command, then the answer')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const h = nextHint(opts.dataDir);
      process.stdout.write(`Hint ${h.level}/${h.of}: ${h.text}\n`);
    });

  sc.command('stop')
    .description('stop following the running scenario (the lab stays as it is)')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const s = stopScenario(opts.dataDir);
      process.stdout.write(s ? `Scenario ${s.name} stopped.\n` : 'No scenario was running.\n');
    });
}
