import type { ComputeDeps, ComputeService } from '.';

export interface AggregateRecord {
  id: number;
  uuid: string;
  name: string;
  availability_zone: string | null;
  metadata: Record<string, string>;
  hosts: string[];
  created_at: string;
  updated_at: string | null;
}

/** Host aggregates and availability zones (an aggregate with availability_zone metadata is a zone). */
export class AggregateManager {
  /** `nova` gives the sibling managers (read them lazily, not in the constructor). */
  constructor(
    private readonly deps: ComputeDeps,
    private readonly nova: ComputeService,
  ) {}

  forHost(_hostname: string): AggregateRecord[] {
    return [];
  }
  /** The host's availability zone: its aggregate's zone, else [DEFAULT] default_availability_zone. */
  zoneOf(_hostname: string): string {
    return this.deps.config.defaultAvailabilityZone;
  }
}
