/** A guided lab (resources/labs/<name>.yaml): ordered steps, each with checks against the real lab. */
export interface GuidedLab {
  name: string;
  title: string;
  summary?: string;
  steps: GuidedStep[];
}

export interface GuidedStep {
  id: string;
  title: string;
  goal: string;
  /** Three levels: a nudge, the command, the answer. */
  hints: string[];
  checks: GuidedCheck[];
  /**
   * A troubleshooting step: this scenario (resources/scenarios) breaks the lab when the step begins
   * (and again after "reset this step"); its setup is skipped, the walkthrough built what it needs.
   */
  scenario?: string;
}

/** GET an API and need one item of a list to match. */
export interface FindCheck {
  what: string;
  find: { service: string; path: string; list: string; where?: Record<string, string | number | boolean> };
}

/** Run a line in the host shell and need exit 0 (and a match in its output). */
export interface HostCheck {
  what: string;
  host: { line: string; output?: string };
}

/** Run doctor rules (engine/lab/doctor) on the lab and need them to find nothing. */
export interface DoctorCheck {
  what: string;
  doctor: { rules: string[] };
}

export type GuidedCheck = FindCheck | HostCheck | DoctorCheck;

/** Where a check reads the lab: its APIs (as admin) and its host shell. */
export interface LabReader {
  /** GET a path on a service's endpoint; the parsed JSON body, or an error for a status ≥ 400. */
  get(service: string, path: string): Promise<unknown>;
  host(line: string): Promise<{ stdout: string; stderr: string; code: number }>;
}

export interface CheckResult {
  what: string;
  ok: boolean;
  /** Why it failed, in a student's words. */
  detail?: string;
}

export interface StepResult {
  id: string;
  title: string;
  ok: boolean;
  checks: CheckResult[];
}
