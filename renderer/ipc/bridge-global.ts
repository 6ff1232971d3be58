import type { StackLabBridge } from '../../engine/ui/contract';

declare global {
  interface Window {
    /** Exposed by main/preload.ts inside the desktop app; absent in a plain browser. */
    readonly stacklab?: StackLabBridge;
  }
}

export {};
