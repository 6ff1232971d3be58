import { createStore, type StoreApi } from 'zustand/vanilla';
import type { RendererServices } from '../services';
import { createActivitySlice } from './slices/activity/action';
import { createLabSlice } from './slices/lab/action';
import { createSessionSlice } from './slices/session/action';
import { createTerminalsSlice } from './slices/terminals/action';
import { createUiSlice } from './slices/ui/action';
import type { StackLabState } from './types';

export type { StackLabState } from './types';
export type StackLabStore = StoreApi<StackLabState>;

/** The one store, combined from its slices; middleware, when some is needed, goes here only. */
export function createStackLabStore(services: RendererServices): StackLabStore {
  const store = createStore<StackLabState>()((...a) => ({
    ...createLabSlice(services)(...a),
    ...createSessionSlice(services)(...a),
    ...createUiSlice(services)(...a),
    ...createActivitySlice()(...a),
    ...createTerminalsSlice()(...a),
  }));
  // the API log drawer shows the client's call log
  services.cloud.log.subscribe((calls) => store.getState().setCalls(calls));
  return store;
}
