/** One thing the doctor found wrong in a lab, with the commands that show it and those that fix it. */
export interface Finding {
  id: string;
  severity: 'error' | 'warning';
  symptom: string;
  cause: string;
  evidence: { command: string; output: string }[];
  fix: string[];
}

/** A host-shell command line run on the lab's host, as a student would type it. */
export type Probe = (line: string) => Promise<{ stdout: string; stderr: string; code: number }>;

/** A doctor rule: reads the lab's real state through the host shell and reports what is wrong. */
export interface DoctorRule {
  id: string;
  check(probe: Probe): Promise<Finding[]>;
}
