/**
 * The window's size, position and maximized state, remembered across starts in a small JSON file in
 * the app's data folder. What is read is validated: a broken file, absurd numbers, or bounds on no
 * current display (a monitor unplugged since) fall back to the defaults — never an invisible window.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent: the platform places the window. */
  bounds?: Rect;
  maximized: boolean;
}

export const MIN_SIZE = { width: 960, height: 600 } as const;
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
const MAX_COORD = 100_000;

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The rectangle in `value`, or undefined when it is not one with sane integer fields. */
export function parseRect(value: unknown): Rect | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  if (!isInt(r.x, -MAX_COORD, MAX_COORD) || !isInt(r.y, -MAX_COORD, MAX_COORD)) return undefined;
  if (!isInt(r.width, MIN_SIZE.width, MAX_COORD) || !isInt(r.height, MIN_SIZE.height, MAX_COORD)) return undefined;
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/** True when enough of `bounds` lies on one display to grab the title bar (100×50 px at least). */
export function isVisible(bounds: Rect, displays: readonly Rect[]): boolean {
  return displays.some((d) => {
    const w = Math.min(bounds.x + bounds.width, d.x + d.width) - Math.max(bounds.x, d.x);
    const h = Math.min(bounds.y + bounds.height, d.y + d.height) - Math.max(bounds.y, d.y);
    return w >= 100 && h >= 50 && bounds.y >= d.y - 10;
  });
}

/** The state to open with, from the file's text (undefined: no file). */
export function parseWindowState(text: string | undefined, displays: readonly Rect[]): WindowState {
  if (text === undefined) return { maximized: false };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { maximized: false };
  }
  if (typeof raw !== 'object' || raw === null) return { maximized: false };
  const r = raw as Record<string, unknown>;
  const maximized = r.maximized === true;
  const bounds = parseRect(r.bounds);
  return bounds && isVisible(bounds, displays) ? { bounds, maximized } : { maximized };
}

export function loadWindowState(file: string, displays: readonly Rect[]): WindowState {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = undefined;
  }
  return parseWindowState(text, displays);
}

/** Writes the state atomically (a crash mid-write leaves the old file, not half a file). */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}

/** The part of a BrowserWindow whose state is remembered. */
export interface StatefulWindow {
  /** The bounds of the window when not maximized (Electron's getNormalBounds). */
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/** The state to save when the window closes. */
export function currentWindowState(window: StatefulWindow): WindowState {
  const bounds = parseRect(window.getNormalBounds());
  return bounds ? { bounds, maximized: window.isMaximized() } : { maximized: window.isMaximized() };
}
