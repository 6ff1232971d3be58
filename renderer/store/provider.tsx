import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StackLabState, StackLabStore } from './index';

const StoreContext = createContext<StackLabStore | null>(null);

export function StoreProvider({ store, children }: { store: StackLabStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** Reads one selected value from the store; the component re-renders when that value changes. */
export function useStackLab<T>(selector: (state: StackLabState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStackLab must be used inside <StoreProvider>');
  return useStore(store, selector);
}
