import type { Command } from 'commander';
import type { Finding } from '../../lab/doctor';
import { openProbe } from '../../lab/doctor/session';
import { runDoctor } from '../../lab/scenarios/runner';
import { dataDirOption } from '../options';

function print(f: Finding): string {
  const ev = f.evidence.map((e) => `  $ ${e.command}\n${e.output.replace(/\n$/, '').replace(/^/gm, '    ')}`).join('\n');
  return `[${f.severity}] ${f.id}: ${f.symptom}\n  cause: ${f.cause}\n  evidence:\n${ev}\n  fix:\n${f.fix.map((c) => `    ${c}`).join('\n')}\n`;
}

/** `stacklab doctor [--json]`: what is wrong in the running lab, with evidence and the commands that fix it. */
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description("diagnose the running lab: what is wrong, the evidence, the fix")
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir: string; json?: boolean }) => {
      const { probe, close } = await openProbe(opts.dataDir);
      try {
        const { findings, scenario } = await runDoctor(opts.dataDir, probe);
        if (opts.json) process.stdout.write(JSON.stringify({ findings, scenario }, null, 2) + '\n');
        else {
          process.stdout.write(findings.length ? findings.map(print).join('\n') : 'No problems found.\n');
          if (scenario?.solved) process.stdout.write(`Scenario ${scenario.name} is solved (${scenario.solveSeconds} s, ${scenario.hintsUsed} hints).\n`);
        }
      } finally {
        await close();
      }
    });
}
