/** What the GUI remembers between runs (theme, last panel, last project): small strings in localStorage. */
export interface Prefs {
  get(key: PrefKey): string | null;
  set(key: PrefKey, value: string): void;
}

export type PrefKey = 'theme' | 'panel' | 'project';

export function createPrefs(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined): Prefs {
  const memory = new Map<string, string>();
  return {
    get: (key) => {
      try {
        return storage ? storage.getItem(`stacklab.${key}`) : (memory.get(key) ?? null);
      } catch {
        return memory.get(key) ?? null;
      }
    },
    set: (key, value) => {
      memory.set(key, value);
      try {
        storage?.setItem(`stacklab.${key}`, value);
      } catch {
        // private mode or full storage: keep it for this run only
      }
    },
  };
}
