import type { CallRecord } from './types';

/** The REST calls of this session, newest last, bounded; subscribers hear each new record. */
export class CallLog {
  private records: CallRecord[] = [];
  private readonly listeners = new Set<(records: readonly CallRecord[]) => void>();
  private nextId = 1;

  constructor(private readonly keep = 300) {}

  add(record: Omit<CallRecord, 'id'>): CallRecord {
    const full = { ...record, id: this.nextId++ };
    this.records = [...this.records.slice(Math.max(0, this.records.length + 1 - this.keep)), full];
    for (const l of this.listeners) l(this.records);
    return full;
  }

  get entries(): readonly CallRecord[] {
    return this.records;
  }

  clear(): void {
    this.records = [];
    for (const l of this.listeners) l(this.records);
  }

  subscribe(listener: (records: readonly CallRecord[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
