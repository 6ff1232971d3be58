import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { LabDatabase } from '../../core/db';

/** A troubleshooting scenario, as declared in resources/scenarios/<name>.yaml. */
export interface Scenario {
  name: string;
  title: string;
  description: string;
  /** host-shell command lines that build what a student had built (run with keystonerc_admin sourced) */
  setup: string[];
  /** how the lab gets broken: the host's RAM, then host-shell command lines */
  break: { hostMemoryMb?: number; host?: string[] };
  /** nudge, command, answer */
  hints: [string, string, string];
  /** doctor rules that must report nothing for the scenario to be solved */
  solvedWhen: string[];
}

/** What `stacklab scenario status --json` prints. */
export interface ScenarioState {
  name: string;
  title: string;
  solved: boolean;
  hintsUsed: number;
  startedAt: string;
  solvedAt: string | null;
  solveSeconds: number | null;
}

export function scenarioDir(): string {
  // dist/engine/lab/scenarios or engine/lab/scenarios → repo root
  for (const up of ['../../..', '../../../..']) {
    const dir = resolve(__dirname, up, 'resources', 'scenarios');
    if (existsSync(dir)) return dir;
  }
  throw new Error('resources/scenarios not found');
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || !v.trim()) throw new Error(`scenario: ${what} must be a non-empty string`);
  return v;
}

function lines(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((l) => typeof l !== 'string')) throw new Error(`scenario: ${what} must be a list of command lines`);
  return v as string[];
}

/** Parses and checks one scenario file's text. */
export function parseScenario(text: string): Scenario {
  const d = parse(text) as Record<string, unknown>;
  if (!d || typeof d !== 'object') throw new Error('scenario: not a mapping');
  const br = (d.break ?? {}) as Record<string, unknown>;
  const hints = lines(d.hints, 'hints');
  if (hints.length !== 3) throw new Error('scenario: hints must be three steps (nudge, command, answer)');
  const solvedWhen = lines(d.solvedWhen, 'solvedWhen');
  if (!solvedWhen.length) throw new Error('scenario: solvedWhen must name at least one doctor rule');
  const mem = br.hostMemoryMb;
  if (mem !== undefined && (typeof mem !== 'number' || !Number.isInteger(mem) || mem < 1024)) throw new Error('scenario: break.hostMemoryMb must be MiB >= 1024');
  return {
    name: str(d.name, 'name'),
    title: str(d.title, 'title'),
    description: str(d.description, 'description').trim(),
    setup: lines(d.setup, 'setup'),
    break: { hostMemoryMb: mem as number | undefined, host: lines(br.host, 'break.host') },
    hints: hints as [string, string, string],
    solvedWhen,
  };
}

export function listScenarios(): Scenario[] {
  const dir = scenarioDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseScenario(readFileSync(join(dir, f), 'utf8')));
}

export function getScenario(name: string): Scenario {
  const s = listScenarios().find((x) => x.name === name);
  if (!s) throw new Error(`no scenario named '${name}'; see: stacklab scenario list`);
  return s;
}

/** The running scenario, kept in the lab database (table lab_scenario) so snapshots carry it. */
export class ScenarioStore {
  private readonly db: LabDatabase;

  constructor(dataDir: string) {
    this.db = new LabDatabase(join(dataDir, 'lab.db'));
    this.db.migrate('scenario', [{ id: '001_lab_scenario', up: 'CREATE TABLE lab_scenario (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL)' }]);
  }

  get(): ScenarioState | undefined {
    const row = this.db.raw.prepare('SELECT data FROM lab_scenario WHERE id = 1').get() as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as ScenarioState) : undefined;
  }

  put(s: ScenarioState): void {
    this.db.raw.prepare('INSERT INTO lab_scenario (id, data) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data').run(JSON.stringify(s));
  }

  clear(): void {
    this.db.raw.prepare('DELETE FROM lab_scenario').run();
  }

  close(): void {
    this.db.close();
  }
}
