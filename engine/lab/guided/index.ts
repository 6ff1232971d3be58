/**
 * Guided labs (`stacklab lab …`): the study notes' walkthrough as ordered steps with checks against
 * the real lab, hints in three levels, progress saved per lab, and a snapshot at the start of each
 * step so "reset this step" puts the lab back.
 */
import { checkStep } from './checks';
import { findGuidedLab } from './loader';
import { activeLab, readProgress, setActiveLab, writeProgress, type LabProgress } from './progress';
import type { GuidedLab, GuidedStep, LabReader, StepResult } from './types';

export { loadGuidedLabs, findGuidedLab, GuidedLabError } from './loader';
export { activeLab, readProgress, type LabProgress } from './progress';
export type { GuidedLab, GuidedStep, LabReader, StepResult } from './types';

/** How a guided lab takes and restores its step snapshots (the lab's snapshot operations). */
export interface SnapshotOps {
  save(name: string): Promise<unknown>;
  restore(name: string): Promise<void>;
  exists(name: string): boolean;
}

/** How a troubleshooting step breaks the lab: starts the scenario without its setup. */
export interface ScenarioOps {
  breakLab(scenario: string): Promise<void>;
}

export interface GuidedStatus {
  lab: GuidedLab;
  progress: LabProgress;
  step?: GuidedStep;
}

export interface CheckOutcome {
  /** Every step checked this time, in order: the first failing one ends the run. */
  results: StepResult[];
  status: GuidedStatus;
}

const stepSnapshot = (lab: string, step: string) => `guided-${lab}-${step}`;
const nowIso = () => new Date().toISOString();

export class GuidedRunner {
  constructor(
    private readonly dataDir: string,
    private readonly snapshots: SnapshotOps,
    private readonly scenarios?: ScenarioOps,
  ) {}

  /** A troubleshooting step breaks the lab once its snapshot (the lab before the break) is taken. */
  private async breakFor(step: GuidedStep): Promise<void> {
    if (!step.scenario) return;
    if (!this.scenarios) throw new Error(`step ${step.id} starts the scenario ${step.scenario}, which this front end cannot do`);
    await this.scenarios.breakLab(step.scenario);
  }

  /** The lab being followed (or the one named), with its progress. */
  status(name?: string): GuidedStatus {
    const which = name ?? activeLab(this.dataDir);
    if (!which) throw new Error('No guided lab is started; `stacklab lab list` shows them and `stacklab lab start <name>` starts one.');
    const lab = findGuidedLab(which);
    const progress = readProgress(this.dataDir, which);
    if (!progress) throw new Error(`The guided lab ${which} is not started; run \`stacklab lab start ${which}\`.`);
    return { lab, progress, step: lab.steps[progress.current] };
  }

  private async beginStep(lab: GuidedLab, progress: LabProgress): Promise<void> {
    const step = lab.steps[progress.current];
    if (!step) {
      progress.completedAt ??= nowIso();
      return;
    }
    const snapshot = stepSnapshot(lab.name, step.id);
    progress.steps[step.id] = { startedAt: nowIso(), hintsUsed: progress.steps[step.id]?.hintsUsed ?? 0, snapshot };
    writeProgress(this.dataDir, progress);
    if (!this.snapshots.exists(snapshot)) await this.snapshots.save(snapshot);
    await this.breakFor(step);
  }

  /** Starts (or restarts from the top) a guided lab: progress reset, a snapshot for its first step. */
  async start(name: string): Promise<GuidedStatus> {
    const lab = findGuidedLab(name);
    const progress: LabProgress = { name, startedAt: nowIso(), current: 0, steps: {} };
    setActiveLab(this.dataDir, name);
    await this.beginStep(lab, progress);
    return { lab, progress, step: lab.steps[0] };
  }

  /** Checks the current step; when it passes, moves on and checks the next, until one fails. */
  async check(reader: LabReader): Promise<CheckOutcome> {
    const { lab, progress } = this.status();
    const results: StepResult[] = [];
    while (progress.current < lab.steps.length) {
      const step = lab.steps[progress.current];
      const r = await checkStep(step, reader);
      results.push(r);
      if (!r.ok) break;
      progress.steps[step.id] = { ...(progress.steps[step.id] ?? { startedAt: nowIso(), hintsUsed: 0 }), completedAt: nowIso() };
      progress.current++;
      await this.beginStep(lab, progress);
    }
    writeProgress(this.dataDir, progress);
    return { results, status: { lab, progress, step: lab.steps[progress.current] } };
  }

  /** The next hint of the current step (nudge, then the command, then the answer); counted. */
  hint(): { step: GuidedStep; level: number; text: string } {
    const { lab, progress, step } = this.status();
    if (!step) throw new Error(`Every step of ${lab.name} is done.`);
    const p = progress.steps[step.id] ?? { startedAt: nowIso(), hintsUsed: 0 };
    const level = Math.min(p.hintsUsed + 1, step.hints.length);
    progress.steps[step.id] = { ...p, hintsUsed: level };
    writeProgress(this.dataDir, progress);
    return { step, level, text: step.hints[level - 1] };
  }

  /** Puts the lab back as it was when the current step began; the hints used stay counted. */
  async reset(): Promise<GuidedStep> {
    const { lab, progress, step } = this.status();
    if (!step) throw new Error(`Every step of ${lab.name} is done.`);
    const snapshot = progress.steps[step.id]?.snapshot;
    if (!snapshot || !this.snapshots.exists(snapshot)) throw new Error(`No snapshot was taken when step ${step.id} began.`);
    await this.snapshots.restore(snapshot);
    // the snapshot holds the progress of that moment: keep today's count of hints
    writeProgress(this.dataDir, progress);
    setActiveLab(this.dataDir, lab.name);
    await this.breakFor(step);
    return step;
  }
}
