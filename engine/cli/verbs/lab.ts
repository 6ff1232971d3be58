import type { Command } from 'commander';
import { activeLab, GuidedRunner, loadGuidedLabs, readProgress, type GuidedStatus } from '../../lab/guided';
import { SnapshotStore } from '../../lab/snapshots/store';
import { restoreSnapshot, saveSnapshot } from '../lab-ops';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminLabReader } from '../../lab/guided/reader';
import { LabClient } from '../lab-client';
import { openProbe } from '../../lab/doctor/session';
import { startScenario } from '../../lab/scenarios/runner';
import { dataDirOption } from '../options';
import { table } from '../table';

function runner(dataDir: string): GuidedRunner {
  const store = new SnapshotStore(dataDir);
  return new GuidedRunner(
    dataDir,
    { save: (name) => saveSnapshot(dataDir, name), restore: (name) => restoreSnapshot(dataDir, name), exists: (name) => store.exists(name) },
    {
      // a troubleshooting step breaks the lab through the control socket, as `stacklab scenario start` does
      breakLab: async (scenario) => {
        const client = new LabClient(dataDir);
        const { probe, close } = await openProbe(dataDir);
        try {
          await startScenario(dataDir, scenario, { probe, setHostMemory: (totalMb) => client.call('POST', '/host/memory', { totalMb, besideGuests: true }) }, { setup: false });
        } finally {
          await close();
        }
      },
    },
  );
}

/** Reads the running lab: endpoints from engine.json, the host shell through the control socket. */
function cliReader(dataDir: string): AdminLabReader {
  const client = new LabClient(dataDir);
  client.requireRunning();
  const { apis } = JSON.parse(readFileSync(join(dataDir, 'engine.json'), 'utf8')) as { apis: { type: string; url: string }[] };
  return new AdminLabReader(dataDir, apis, {
    openSession: () => client.call<{ id: string }>('POST', '/shell/sessions'),
    run: (id, line) => client.call('POST', `/shell/sessions/${id}/run`, { line }),
    closeSession: (id) => client.call('DELETE', `/shell/sessions/${id}`),
  });
}

function describe(s: GuidedStatus): string {
  const n = s.lab.steps.length;
  if (!s.step) return `${s.lab.title}\nAll ${n} steps done.\n`;
  return `${s.lab.title}\nStep ${s.progress.current + 1}/${n}: ${s.step.title}\n  ${s.step.goal}\n`;
}

/**
 * `stacklab lab list|start|status|check|hint|reset`: guided labs. `check` reads the real lab (APIs
 * as admin, the host shell), so the lab must be running.
 */
export function registerLab(program: Command): void {
  const lab = program.command('lab').description("guided labs: the study notes' walkthrough as steps checked against the real lab");

  lab
    .command('list')
    .description('list the guided labs and your progress in each')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const active = activeLab(opts.dataDir);
      const rows = loadGuidedLabs().map((l) => {
        const p = readProgress(opts.dataDir, l.name);
        const done = p ? Math.min(p.current, l.steps.length) : 0;
        return [l.name, l.title, String(l.steps.length), p ? `${done}/${l.steps.length}${l.name === active ? ' (active)' : ''}` : 'not started'];
      });
      process.stdout.write(table(['Name', 'Title', 'Steps', 'Progress'], rows));
    });

  lab
    .command('start <name>')
    .description('start a guided lab from its first step (a snapshot is taken at each step)')
    .addOption(dataDirOption())
    .action(async (name: string, opts: { dataDir: string }) => {
      process.stdout.write(describe(await runner(opts.dataDir).start(name)));
    });

  lab
    .command('status')
    .description('the current step of the guided lab you follow')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action((opts: { dataDir: string; json?: boolean }) => {
      const s = runner(opts.dataDir).status();
      if (opts.json) {
        const p = s.progress;
        process.stdout.write(
          JSON.stringify({ name: s.lab.name, step: s.step?.id ?? null, current: p.current, steps: s.lab.steps.length, done: !s.step, startedAt: p.startedAt, completedAt: p.completedAt ?? null, progress: p.steps }, null, 2) + '\n',
        );
      } else process.stdout.write(describe(s));
    });

  lab
    .command('check')
    .description('check the current step against the lab (and move on when it passes)')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const reader = cliReader(opts.dataDir);
      try {
        const out = await runner(opts.dataDir).check(reader);
        if (opts.json) {
          process.stdout.write(JSON.stringify({ results: out.results, step: out.status.step?.id ?? null, done: !out.status.step }, null, 2) + '\n');
        } else {
          for (const r of out.results) {
            process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.title}\n`);
            for (const c of r.checks) process.stdout.write(`   ${c.ok ? '✓' : '✗'} ${c.what}${c.detail ? ` — ${c.detail}` : ''}\n`);
          }
          process.stdout.write(describe(out.status));
        }
        if (out.results.at(-1)?.ok === false) process.exitCode = 1;
      } finally {
        await reader.close();
      }
    });

  lab
    .command('hint')
    .description('the next hint for the current step: a nudge, then the command, then the answer')
    .addOption(dataDirOption())
    .action((opts: { dataDir: string }) => {
      const h = runner(opts.dataDir).hint();
      process.stdout.write(`Hint ${h.level}/${h.step.hints.length} for "${h.step.title}": ${h.text}\n`);
    });

  lab
    .command('reset')
    .description('put the lab back as it was when the current step began')
    .addOption(dataDirOption())
    .action(async (opts: { dataDir: string }) => {
      const step = await runner(opts.dataDir).reset();
      process.stdout.write(`the lab is back at the start of step "${step.title}"\n`);
    });
}
