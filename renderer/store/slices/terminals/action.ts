import type { SliceCreator } from '../../types';

/** What a tab asks the host to run: the spec without its size (the terminal view measures that). */
export type TerminalTarget = { kind: 'local' } | { kind: 'host' } | { kind: 'console'; serverId: string };

/** One terminal tab. Its bytes never pass through the store: the tab's xterm.js view reads `term:data` itself. */
export interface TerminalTab {
  /** Local id of the tab (the host's session id is the view's business). */
  key: string;
  title: string;
  target: TerminalTarget;
}

export interface TerminalsState {
  terminals: TerminalTab[];
  /** The tab shown, or null when the dock is closed. */
  activeTerminal: string | null;
}

export interface TerminalsActions {
  /** Opens a tab (a console tab for a server already open is shown again, not opened twice). */
  openTerminal(target: TerminalTarget, title: string): string;
  closeTerminal(key: string): void;
  showTerminal(key: string | null): void;
}

export type TerminalsSlice = TerminalsState & TerminalsActions;

let counter = 0;

export const createTerminalsSlice = (): SliceCreator<TerminalsSlice> => (set, get) => ({
  terminals: [],
  activeTerminal: null,
  openTerminal(target, title) {
    if (target.kind === 'console') {
      const open = get().terminals.find((t) => t.target.kind === 'console' && t.target.serverId === target.serverId);
      if (open) {
        set({ activeTerminal: open.key });
        return open.key;
      }
    }
    const key = `t${++counter}`;
    set({ terminals: [...get().terminals, { key, title, target }], activeTerminal: key });
    return key;
  },
  closeTerminal(key) {
    const rest = get().terminals.filter((t) => t.key !== key);
    const active = get().activeTerminal === key ? (rest.at(-1)?.key ?? null) : get().activeTerminal;
    set({ terminals: rest, activeTerminal: active });
  },
  showTerminal(key) {
    set({ activeTerminal: key });
  },
});
