import type { StateCreator } from 'zustand/vanilla';
import type { ActivitySlice } from './slices/activity/action';
import type { LabSlice } from './slices/lab/action';
import type { SessionSlice } from './slices/session/action';
import type { TerminalsSlice } from './slices/terminals/action';
import type { UiSlice } from './slices/ui/action';

/** The whole store: the union of its slices. */
export type StackLabState = LabSlice & SessionSlice & UiSlice & ActivitySlice & TerminalsSlice;

/** A slice sees the whole store and contributes its own part (zustand's slices pattern). */
export type SliceCreator<Slice> = StateCreator<StackLabState, [], [], Slice>;
