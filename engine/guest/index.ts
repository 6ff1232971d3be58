import type { ConsoleSession, GuestDriver, GuestSpec } from './types';

/** The emulated guests of the sim host, one per instance. */
export class GuestManager implements GuestDriver {
  boot(_spec: GuestSpec): void {}
  powerOff(_serverId: string): void {}
  powerOn(_serverId: string): void {}
  reboot(_serverId: string, _hard: boolean): void {}
  pause(_serverId: string): void {}
  unpause(_serverId: string): void {}
  destroy(_serverId: string): void {}
  consoleLog(_serverId: string): string | undefined {
    return undefined;
  }
  attach(): ConsoleSession | undefined {
    return undefined;
  }
}
