import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RendererServices } from '../services';
import { createLabSlice } from './slices/lab/action';
import type { StackLabState } from './types';

export type { StackLabState } from './types';
export type StackLabStore = StoreApi<StackLabState>;

/** The one store, combined from its slices; middleware, when some is needed, goes here only. */
export function createStackLabStore(services: RendererServices): StackLabStore {
  return createStore<StackLabState>()((...a) => ({
    ...createLabSlice(services)(...a),
  }));
}
