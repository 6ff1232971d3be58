import type { Command } from 'commander';
import { diagnose, type Finding } from '../../lab/doctor';
import { openProbe } from '../../lab/doctor/session';
import { getScenario, listScenarios, ScenarioStore, type ScenarioState } from '../../lab/scenarios';
import { LabClient } from '../lab-client';
import { dataDirOption } from '../options';
import { table } from '../table';

/** Marks the running scenario solved when the doctor rules it names found nothing; returns its state. */
export function markSolvedIfFixed(dataDir: string, results: { rule: string; findings: Finding[] }[]): ScenarioState | undefined {
  const store = new ScenarioStore(dataDir);
  try {
    const s = store.get();
    if (!s || s.solved) return s;
    const rules = getScenario(s.name).solvedWhen;
    const checked = results.filter((r) => rules.includes(r.rule));
    if (checked.length !== rules.length || checked.some((r) => r.findings.length)) return s;
    const now = new Date();
    const solved = { ...s, solved: true, solvedAt: now.toISOString(), solveSeconds: Math.round((now.getTime() - Date.parse(s.startedAt)) / 1000) };
    store.put(solved);
    return solved;
  } finally {
    store.close();
  }
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
      const s = getScenario(name);
      const lab = new LabClient(opts.dataDir);
      lab.requireRunning();
      const { probe, close } = await openProbe(opts.dataDir);
      try {
        for (const line of s.setup) {
          const r = await probe(line);
          if (r.code !== 0) throw new Error(`scenario ${name}: setup step failed: ${line}\n${r.stderr}`);
        }
        if (s.break.hostMemoryMb !== undefined) await lab.call('POST', '/host/memory', { totalMb: s.break.hostMemoryMb });
        for (const line of s.break.host ?? []) {
          const r = await probe(line);
          if (r.code !== 0) throw new Error(`scenario ${name}: breaking step failed: ${line}\n${r.stderr}`);
        }
      } finally {
        await close();
      }
      const store = new ScenarioStore(opts.dataDir);
      store.put({ name: s.name, title: s.title, solved: false, hintsUsed: 0, startedAt: new Date().toISOString(), solvedAt: null, solveSeconds: null });
      store.close();
      process.stdout.write(`Scenario ${s.name} started: ${s.title}\n${s.description}\n`);
    });

  sc.command('status')
    .description('the running scenario: solved or not, hints used, time')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const store = new ScenarioStore(opts.dataDir);
      const current = store.get();
      store.close();
      if (!current) throw new Error('no scenario is running; start one with: stacklab scenario start <name>');
      let state = current;
      if (!state.solved) {
        // the doctor's rules for this scenario decide whether it is solved
        const { probe, close } = await openProbe(opts.dataDir);
        try {
          state = markSolvedIfFixed(opts.dataDir, await diagnose(probe, getScenario(state.name).solvedWhen)) ?? state;
        } finally {
          await close();
        }
      }
      if (opts.json) process.stdout.write(JSON.stringify(state, null, 2) + '\n');
      else
        process.stdout.write(
          table(['Field', 'Value'], [
            ['name', state.name],
            ['title', state.title],
            ['solved', String(state.solved)],
            ['hints used', String(state.hintsUsed)],
            ['started at', state.startedAt],
            ['solved at', state.solvedAt ?? ''],
            ['solve seconds', state.solveSeconds === null ? '' : String(state.solveSeconds)],
          ]),
        );
    });

  sc.command('hint')
    .description('the next hint: a nudge, then a command, then the answer')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const store = new ScenarioStore(opts.dataDir);
      try {
        const s = store.get();
        if (!s) throw new Error('no scenario is running; start one with: stacklab scenario start <name>');
        const hints = getScenario(s.name).hints;
        const n = Math.min(s.hintsUsed + 1, hints.length);
        if (n > s.hintsUsed) store.put({ ...s, hintsUsed: n });
        process.stdout.write(`Hint ${n}/${hints.length}: ${hints[n - 1]}\n`);
      } finally {
        store.close();
      }
    });

  sc.command('stop')
    .description('stop following the running scenario (the lab stays as it is)')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const store = new ScenarioStore(opts.dataDir);
      const s = store.get();
      store.clear();
      store.close();
      process.stdout.write(s ? `Scenario ${s.name} stopped.\n` : 'No scenario was running.\n');
    });
}
