import type { RendererServices } from '../../../services';
import type { SliceCreator } from '../../types';

export type Theme = 'light' | 'dark';

export interface UiState {
  theme: Theme;
  /** The panel shown (registry id), remembered between runs. */
  panel: string | null;
  apiLogOpen: boolean;
}

export interface UiActions {
  toggleTheme(): void;
  openPanel(id: string): void;
  setApiLogOpen(open: boolean): void;
}

export type UiSlice = UiState & UiActions;

export const createUiSlice =
  (services: Pick<RendererServices, 'prefs'>): SliceCreator<UiSlice> =>
  (set, get) => ({
    theme: services.prefs.get('theme') === 'dark' ? 'dark' : 'light',
    panel: services.prefs.get('panel'),
    apiLogOpen: false,
    toggleTheme() {
      const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
      services.prefs.set('theme', theme);
      set({ theme });
    },
    openPanel(id) {
      services.prefs.set('panel', id);
      set({ panel: id });
    },
    setApiLogOpen(open) {
      set({ apiLogOpen: open });
    },
  });
