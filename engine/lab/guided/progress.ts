/**
 * A guided lab's progress, kept in the lab's data directory (DATA/guided/<name>.json, written aside
 * and renamed), so it survives restarts and travels with the lab's snapshots.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StepProgress {
  startedAt: string;
  completedAt?: string;
  hintsUsed: number;
  /** The snapshot taken when the step began ("reset this step" restores it). */
  snapshot?: string;
}

export interface LabProgress {
  name: string;
  startedAt: string;
  completedAt?: string;
  /** Index of the step being worked on (= steps.length when every step is done). */
  current: number;
  steps: Record<string, StepProgress>;
}

export const GUIDED_DIR = 'guided';

const file = (dataDir: string, name: string) => join(dataDir, GUIDED_DIR, `${name}.json`);
const activeFile = (dataDir: string) => join(dataDir, GUIDED_DIR, 'active');

export function readProgress(dataDir: string, name: string): LabProgress | undefined {
  const f = file(dataDir, name);
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as LabProgress) : undefined;
}

function writeAtomic(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function writeProgress(dataDir: string, p: LabProgress): void {
  writeAtomic(file(dataDir, p.name), JSON.stringify(p, null, 2) + '\n');
}

/** The guided lab being followed, if any. */
export function activeLab(dataDir: string): string | undefined {
  const f = activeFile(dataDir);
  return existsSync(f) ? readFileSync(f, 'utf8').trim() || undefined : undefined;
}

export function setActiveLab(dataDir: string, name: string | undefined): void {
  if (name === undefined) rmSync(activeFile(dataDir), { force: true });
  else writeAtomic(activeFile(dataDir), `${name}\n`);
}
