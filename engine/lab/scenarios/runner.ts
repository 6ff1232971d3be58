/**
 * What `stacklab scenario …` and `stacklab doctor` do, for any front end: the CLI reaches the lab
 * through its control socket, the GUI through the engine it holds; both hand in a host-shell probe.
 */
import { diagnose, type Finding, type Probe } from '../doctor';
import { getScenario, ScenarioStore, type ScenarioState } from './index';

/** How a scenario reaches the running lab: the root shell (keystonerc_admin sourced) and the host's RAM. */
export interface ScenarioHost {
  probe: Probe;
  /**
   * Gives the host `totalMb` of RAM besides what its running instances hold: a scenario's VM size
   * is written for an empty lab, and a guided lab reaches it with instances already running.
   */
  setHostMemory(totalMb: number): Promise<void>;
}

function withStore<T>(dataDir: string, f: (store: ScenarioStore) => T): T {
  const store = new ScenarioStore(dataDir);
  try {
    return f(store);
  } finally {
    store.close();
  }
}

/** The running scenario, if any (as stored; `scenarioStatus` also checks whether it is solved). */
export function currentScenario(dataDir: string): ScenarioState | undefined {
  return withStore(dataDir, (s) => s.get());
}

/** Marks the running scenario solved when the doctor rules it names found nothing; returns its state. */
export function markSolvedIfFixed(dataDir: string, results: { rule: string; findings: Finding[] }[]): ScenarioState | undefined {
  return withStore(dataDir, (store) => {
    const s = store.get();
    if (!s || s.solved) return s;
    const rules = getScenario(s.name).solvedWhen;
    const checked = results.filter((r) => rules.includes(r.rule));
    if (checked.length !== rules.length || checked.some((r) => r.findings.length)) return s;
    const now = new Date();
    const solved = { ...s, solved: true, solvedAt: now.toISOString(), solveSeconds: Math.round((now.getTime() - Date.parse(s.startedAt)) / 1000) };
    store.put(solved);
    return solved;
  });
}

/**
 * Builds what the scenario needs as a student would, breaks the lab, and records it as running.
 * `setup: false` only breaks it (a guided lab's troubleshooting step: the walkthrough built the rest).
 */
export async function startScenario(dataDir: string, name: string, host: ScenarioHost, opts: { setup?: boolean } = {}): Promise<ScenarioState> {
  const s = getScenario(name);
  for (const line of opts.setup === false ? [] : s.setup) {
    const r = await host.probe(line);
    if (r.code !== 0) throw new Error(`scenario ${name}: setup step failed: ${line}\n${r.stderr}`);
  }
  if (s.break.hostMemoryMb !== undefined) await host.setHostMemory(s.break.hostMemoryMb);
  for (const line of s.break.host ?? []) {
    const r = await host.probe(line);
    if (r.code !== 0) throw new Error(`scenario ${name}: breaking step failed: ${line}\n${r.stderr}`);
  }
  const state: ScenarioState = { name: s.name, title: s.title, solved: false, hintsUsed: 0, startedAt: new Date().toISOString(), solvedAt: null, solveSeconds: null };
  withStore(dataDir, (store) => store.put(state));
  return state;
}

/** The running scenario, solved once the doctor's rules for it find nothing. */
export async function scenarioStatus(dataDir: string, probe: Probe): Promise<ScenarioState> {
  const current = currentScenario(dataDir);
  if (!current) throw new Error('no scenario is running; start one with: stacklab scenario start <name>');
  if (current.solved) return current;
  return markSolvedIfFixed(dataDir, await diagnose(probe, getScenario(current.name).solvedWhen)) ?? current;
}

/** The next hint of the running scenario (nudge, then command, then answer), counted once each. */
export function nextHint(dataDir: string): { level: number; of: number; text: string } {
  return withStore(dataDir, (store) => {
    const s = store.get();
    if (!s) throw new Error('no scenario is running; start one with: stacklab scenario start <name>');
    const hints = getScenario(s.name).hints;
    const n = Math.min(s.hintsUsed + 1, hints.length);
    if (n > s.hintsUsed) store.put({ ...s, hintsUsed: n });
    return { level: n, of: hints.length, text: hints[n - 1] };
  });
}

/** Stops following the running scenario (the lab stays as it is); returns what was running. */
export function stopScenario(dataDir: string): ScenarioState | undefined {
  return withStore(dataDir, (store) => {
    const s = store.get();
    store.clear();
    return s;
  });
}

/** Every doctor rule on the running lab; a running scenario whose rules now find nothing is marked solved. */
export async function runDoctor(dataDir: string, probe: Probe): Promise<{ findings: Finding[]; scenario: ScenarioState | null }> {
  const results = await diagnose(probe);
  return { findings: results.flatMap((r) => r.findings), scenario: markSolvedIfFixed(dataDir, results) ?? null };
}
