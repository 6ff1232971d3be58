import { Command } from 'commander';
import { registerConsole } from './verbs/console';
import { registerDoctor } from './verbs/doctor';
import { registerHost } from './verbs/host';
import { registerLab } from './verbs/lab';
import { registerScenario } from './verbs/scenario';
import { registerServe } from './verbs/serve';
import { registerShell } from './verbs/shell';
import { registerSnapshot } from './verbs/snapshot';

/** The `stacklab` command: one verb per file under cli/verbs/. */
export function buildProgram(): Command {
  const program = new Command('stacklab').description('StackLab: an OpenStack lab on your laptop').showHelpAfterError();
  registerServe(program);
  registerHost(program);
  registerShell(program);
  registerConsole(program);
  registerSnapshot(program);
  registerLab(program);
  registerScenario(program);
  registerDoctor(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: Error) => {
      process.stderr.write(`stacklab: ${e.message}\n`);
      process.exit(1);
    });
}
