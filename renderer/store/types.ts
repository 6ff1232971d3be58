import type { StateCreator } from 'zustand/vanilla';
import type { LabSlice } from './slices/lab/action';

/** The whole store: the union of its slices. */
export type StackLabState = LabSlice;

/** A slice sees the whole store and contributes its own part (zustand's slices pattern). */
export type SliceCreator<Slice> = StateCreator<StackLabState, [], [], Slice>;
