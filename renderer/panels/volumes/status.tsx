import { useEffect } from 'react';
import type { Resource } from '../../components/use-resource';
import { TRANSITIONAL } from '../../services/openstack/volume';

/** Horizon's display names of Cinder's statuses (volumes, snapshots, groups, group snapshots). */
const DISPLAY: Record<string, string> = {
  available: 'Available',
  'in-use': 'In-use',
  attaching: 'Attaching',
  detaching: 'Detaching',
  reserved: 'Reserved',
  creating: 'Creating',
  deleting: 'Deleting',
  downloading: 'Downloading',
  uploading: 'Uploading',
  extending: 'Extending',
  retyping: 'Retyping',
  updating: 'Updating',
  'backing-up': 'Backing Up',
  'restoring-backup': 'Restoring Backup',
  maintenance: 'Maintenance',
  'awaiting-transfer': 'Awaiting Transfer',
  error: 'Error',
  error_deleting: 'Error Deleting',
  error_extending: 'Error Extending',
  error_restoring: 'Error Restoring',
  'error_backing-up': 'Error Backing Up',
  error_managing: 'Error Managing',
};

/** A Cinder status as Horizon shows it: Available/In-use in green, errors in red, the rest plain. */
export function VolumeStatus({ status }: { status: string }) {
  const tone = status === 'available' || status === 'in-use' ? 'ok' : status.startsWith('error') ? 'bad' : 'neutral';
  const busy = TRANSITIONAL.has(status);
  return (
    <span className={`badge badge--${tone}`} data-status={status} aria-busy={busy || undefined}>
      {DISPLAY[status] ?? status}
      {busy && '…'}
    </span>
  );
}

/**
 * Looks again while a row is in a status Cinder leaves on its own (creating, extending, attaching…),
 * as Horizon's tables update such rows until they settle.
 */
export function useSettle<T extends { status: string }>(res: Resource<unknown>, rows: readonly T[] | undefined, everyMs = 1000): void {
  const unsettled = (rows ?? []).some((r) => TRANSITIONAL.has(r.status));
  const { reload } = res;
  useEffect(() => {
    if (!unsettled) return;
    // an interval, not a one-shot: a reload that fails (or answers the same) must not end the watch
    const timer = setInterval(reload, everyMs);
    return () => clearInterval(timer);
  }, [unsettled, reload, everyMs]);
}

/** "1GiB", as Horizon's size columns. */
export const gib = (n: number) => `${n}GiB`;

/** Some spec pairs as `key=value` lines. */
export function SpecList({ specs }: { specs?: Record<string, string> }) {
  const entries = Object.entries(specs ?? {});
  if (entries.length === 0) return <span className="muted">-</span>;
  return (
    <ul className="specs">
      {entries.map(([k, v]) => (
        <li key={k}>
          <code>
            {k}={v}
          </code>
        </li>
      ))}
    </ul>
  );
}
