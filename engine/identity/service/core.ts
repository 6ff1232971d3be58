import type { Clock } from '../../core/clock';
import type { EngineConfig } from '../../core/config';
import type { EventBus } from '../../core/events';
import type { IdentityStore } from '../store/identity-store';

/**
 * What every identity manager shares: the store, the clock, the event bus, and a write
 * helper that runs one transaction, bumps the generation (which invalidates cached token
 * validations) and publishes the event once the transaction committed.
 */
export class IdentityCore {
  /** Incremented by every committed write; cached derived data is valid for one generation. */
  generation = 0;

  constructor(
    readonly store: IdentityStore,
    readonly clock: Clock,
    readonly events: EventBus,
    readonly config: EngineConfig,
  ) {}

  write<T>(event: string, fn: () => T, id?: (result: T) => string | undefined): T {
    const result = this.store.db.tx(fn);
    this.generation++;
    this.events.publish(`identity.${event}`, id ? id(result) : undefined);
    return result;
  }

  nowIso(): string {
    return this.clock.now().toISOString();
  }
}
