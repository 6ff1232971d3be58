import type { LabEventValue } from '../../../../engine/ui/contract';
import type { CallRecord } from '../../../services/openstack/types';
import type { SliceCreator } from '../../types';

export interface Notice {
  id: number;
  kind: 'success' | 'error';
  text: string;
}

/** What happens around the GUI: REST calls made, engine events seen, notices to show. */
export interface ActivityState {
  calls: readonly CallRecord[];
  /** Per service (`network`, `identity`, …): how many engine events were seen; panels refresh on a change. */
  eventTicks: Record<string, number>;
  lastEventSeq: number;
  notices: Notice[];
}

export interface ActivityActions {
  setCalls(calls: readonly CallRecord[]): void;
  onLabEvent(event: LabEventValue): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
}

export type ActivitySlice = ActivityState & ActivityActions;

let noticeId = 1;

/** The services whose panels reload after a snapshot restore. */
const RESTORE_RELOADS = ['identity', 'network', 'compute', 'image', 'placement', 'volume', 'object-store'];

export const createActivitySlice = (): SliceCreator<ActivitySlice> => (set, get) => ({
  calls: [],
  eventTicks: {},
  lastEventSeq: 0,
  notices: [],
  setCalls(calls) {
    set({ calls });
  },
  onLabEvent(event) {
    if (event.seq <= get().lastEventSeq) return;
    const service = event.type.split('.')[0];
    const ticks = { ...get().eventTicks, [service]: (get().eventTicks[service] ?? 0) + 1 };
    // a restored snapshot changes every service at once: every panel reloads
    if (event.type === 'lab.snapshot.restored') for (const s of RESTORE_RELOADS) ticks[s] = (ticks[s] ?? 0) + 1;
    set({ lastEventSeq: event.seq, eventTicks: ticks });
  },
  notify(kind, text) {
    set({ notices: [...get().notices.slice(-4), { id: noticeId++, kind, text }] });
  },
  dismiss(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
});
