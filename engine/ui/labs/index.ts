/**
 * The LabApi's lab-level channels: whole-lab snapshots (`snapshot:*`) and guided labs (`guided:*`),
 * backed by the running engine — the same operations as `stacklab snapshot …` and `stacklab lab …`.
 */
import type { Engine, EngineStatus } from '../../server/engine';
import { activeLab, findGuidedLab, GuidedRunner, loadGuidedLabs, readProgress, type GuidedLab } from '../../lab/guided';
import { AdminLabReader } from '../../lab/guided/reader';
import { diffSnapshots, type SnapshotMeta } from '../../lab/snapshots';
import { listScenarios } from '../../lab/scenarios';
import { currentScenario, nextHint, runDoctor, scenarioStatus, startScenario, stopScenario } from '../../lab/scenarios/runner';
import type { Probe } from '../../lab/doctor';
import type { GuidedLabInfo, InvokeArgs, InvokeResult, SnapshotInfo } from '../contract';

type LabChannel =
  | 'snapshot:list'
  | 'snapshot:save'
  | 'snapshot:restore'
  | 'snapshot:delete'
  | 'snapshot:diff'
  | 'guided:list'
  | 'guided:start'
  | 'guided:check'
  | 'guided:hint'
  | 'guided:reset'
  | 'scenario:list'
  | 'scenario:start'
  | 'scenario:status'
  | 'scenario:hint'
  | 'scenario:stop'
  | 'doctor:run';

export type LabHandlers = { [C in LabChannel]: (...args: InvokeArgs<C>) => InvokeResult<C> | Promise<InvokeResult<C>> };

const info = (m: SnapshotMeta): SnapshotInfo => ({ name: m.name, createdAt: m.createdAt, resources: m.resources, files: m.files, bytes: m.bytes });

/** The lab-level handlers for a started engine. */
export function createLabHandlers(engine: Engine, started: EngineStatus): LabHandlers {
  const dataDir = started.dataDir;
  const runner = () =>
    new GuidedRunner(
      dataDir,
      {
        save: async (name) => engine.saveSnapshot(name),
        restore: async (name) => void (await engine.restoreSnapshot(name)),
        exists: (name) => engine.snapshots.exists(name),
      },
      { breakLab: (scenario) => withProbe((probe) => startScenario(dataDir, scenario, scenarioHost(probe), { setup: false })).then(() => undefined) },
    );
  const guidedInfo = (lab: GuidedLab): GuidedLabInfo => {
    const p = readProgress(dataDir, lab.name);
    return {
      name: lab.name,
      title: lab.title,
      summary: lab.summary,
      steps: lab.steps.map((s) => ({ id: s.id, title: s.title, goal: s.goal, hints: s.hints.length })),
      active: activeLab(dataDir) === lab.name,
      progress: p ? { current: p.current, startedAt: p.startedAt, completedAt: p.completedAt, steps: p.steps } : null,
    };
  };
  const host = () => {
    if (!engine.host) throw new Error('the lab is restarting; try again in a moment');
    return engine.host;
  };
  const scenarioHost = (probe: Probe) => ({ probe, setHostMemory: async (totalMb: number) => void host().host.setMemory({ totalMb: totalMb + (host().host.memorySettings().guestMemoryMb ?? 0) }) });
  /** A root shell on the host with keystonerc_admin sourced, as `stacklab doctor` opens one; closed after `f`. */
  const withProbe = async <T>(f: (probe: Probe) => Promise<T>): Promise<T> => {
    const h = host();
    const session = h.openSession();
    const probe: Probe = async (line) => {
      const r = await h.run(session.id, line);
      return { stdout: r.stdout, stderr: r.stderr, code: r.code };
    };
    try {
      await probe('source /root/keystonerc_admin');
      return await f(probe);
    } finally {
      h.closeSession(session.id);
    }
  };
  return {
    'scenario:list': () => ({ scenarios: listScenarios().map((s) => ({ name: s.name, title: s.title, description: s.description })), running: currentScenario(dataDir) ?? null }),
    'scenario:start': (name) => withProbe((probe) => startScenario(dataDir, String(name), scenarioHost(probe))),
    'scenario:status': () => (currentScenario(dataDir) ? withProbe((probe) => scenarioStatus(dataDir, probe)) : null),
    'scenario:hint': () => nextHint(dataDir),
    'scenario:stop': () => {
      stopScenario(dataDir);
      return null;
    },
    'doctor:run': () => withProbe((probe) => runDoctor(dataDir, probe)),
    'snapshot:list': () => engine.snapshots.list().map(info),
    'snapshot:save': (name) => info(engine.saveSnapshot(String(name))),
    'snapshot:restore': async (name) => info(await engine.restoreSnapshot(String(name))),
    'snapshot:delete': (name) => {
      engine.snapshots.delete(String(name));
      return null;
    },
    'snapshot:diff': (from, to) => diffSnapshots(engine.snapshots, String(from), String(to)),
    'guided:list': () => loadGuidedLabs().map(guidedInfo),
    'guided:start': async (name) => guidedInfo((await runner().start(String(name))).lab),
    'guided:check': async () => {
      const reader = new AdminLabReader(dataDir, started.apis, {
        openSession: () => host().openSession(),
        run: (id, line) => host().run(id, line),
        closeSession: (id) => host().closeSession(id),
      });
      try {
        const out = await runner().check(reader);
        return { results: out.results, lab: guidedInfo(out.status.lab) };
      } finally {
        await reader.close();
      }
    },
    'guided:hint': () => {
      const h = runner().hint();
      return { step: h.step.id, level: h.level, of: h.step.hints.length, text: h.text };
    },
    'guided:reset': async () => {
      await runner().reset();
      const name = activeLab(dataDir);
      return guidedInfo(findGuidedLab(name ?? ''));
    },
  };
}
