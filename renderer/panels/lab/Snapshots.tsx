import { useId, useState } from 'react';
import type { SnapshotDiffValue, SnapshotInfo } from '../../../engine/ui/contract';
import { TextField } from '../../components/Field';
import { ModalForm } from '../../components/Modal';
import { useServices } from '../../components/services-context';
import { confirmed, useAction, useQuietAction } from '../../components/use-action';
import { useResource } from '../../components/use-resource';

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;
const when = (iso: string) => new Date(iso).toLocaleString();

function DiffView({ diff }: { diff: SnapshotDiffValue }) {
  const rows = [
    ...diff.added.map((e) => ({ change: 'added', ...e })),
    ...diff.removed.map((e) => ({ change: 'removed', ...e })),
    ...diff.changed.map((e) => ({ change: 'changed', ...e })),
  ];
  return (
    <section className="snapshot-diff" aria-label="Snapshot diff">
      <h2>
        {diff.from} → {diff.to}: {diff.added.length} added, {diff.removed.length} removed, {diff.changed.length} changed
      </h2>
      <p className="cli-hint">
        <code>stacklab snapshot diff {diff.from} {diff.to}</code>
      </p>
      {rows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Change</th>
              <th>Type</th>
              <th>Name</th>
              <th>ID</th>
              <th>Fields</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.change}:${r.type}:${r.id}`} data-change={r.change}>
                <td>{r.change}</td>
                <td>{r.type}</td>
                <td>{r.name ?? ''}</td>
                <td>{r.id}</td>
                <td>{r.fields?.join(', ') ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Lab → Snapshots: the lab's timeline; take, restore, delete and compare whole-lab snapshots. */
export function SnapshotsPanel() {
  const { lab } = useServices();
  const act = useAction();
  const quiet = useQuietAction();
  const res = useResource(() => lab.snapshots.list(), ['lab']);
  const [taking, setTaking] = useState(false);
  const [name, setName] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<SnapshotDiffValue | null>(null);
  const fromId = useId();
  const toId = useId();
  const list: SnapshotInfo[] = res.data ?? [];
  return (
    <>
      <div className="toolbar">
        <button type="button" className="btn btn--primary" onClick={() => setTaking(true)}>
          + Take Snapshot
        </button>
      </div>
      {res.error && <p role="alert">{res.error}</p>}
      {list.length === 0 && !res.loading && <p>No snapshots yet: take one before you break something.</p>}
      <ol className="timeline" aria-label="Snapshot timeline">
        {list.map((s) => (
          <li key={s.name} className="timeline__item">
            <span className="timeline__dot" aria-hidden="true" />
            <div className="timeline__body">
              <strong>{s.name}</strong> <time dateTime={s.createdAt}>{when(s.createdAt)}</time>
              <div className="timeline__meta">
                {s.resources} resources · {s.files} files · {mib(s.bytes)}
              </div>
              <div className="timeline__actions">
                <button
                  type="button"
                  className="btn"
                  aria-label={`Restore ${s.name}`}
                  onClick={() => confirmed(`Restore the whole lab to ${s.name}? Changes since then are lost unless you take a snapshot first.`) && void act(`Restore snapshot ${s.name}`, () => lab.snapshots.restore(s.name), res.reload)}
                >
                  Restore
                </button>
                <button type="button" className="btn btn--danger" aria-label={`Delete ${s.name}`} onClick={() => confirmed(`Delete snapshot ${s.name}?`) && void act(`Delete snapshot ${s.name}`, () => lab.snapshots.remove(s.name), res.reload)}>
                  Delete
                </button>
              </div>
            </div>
          </li>
        ))}
      </ol>
      {list.length >= 2 && (
        <form
          className="snapshot-compare"
          onSubmit={(e) => {
            e.preventDefault();
            void quiet(`Compare ${from} with ${to}`, async () => setDiff(await lab.snapshots.diff(from, to)));
          }}
        >
          <label htmlFor={fromId}>From</label>
          <select id={fromId} value={from} onChange={(e) => setFrom(e.target.value)} required>
              <option value="">Select snapshot</option>
              {list.map((s) => (
                <option key={s.name}>{s.name}</option>
              ))}
          </select>
          <label htmlFor={toId}>To</label>
          <select id={toId} value={to} onChange={(e) => setTo(e.target.value)} required>
              <option value="">Select snapshot</option>
              {list.map((s) => (
                <option key={s.name}>{s.name}</option>
              ))}
          </select>
          <button type="submit" className="btn">
            Compare
          </button>
        </form>
      )}
      {diff && <DiffView diff={diff} />}
      {taking && (
        <ModalForm
          title="Take Snapshot"
          submitLabel="Take Snapshot"
          onClose={() => setTaking(false)}
          onSubmit={async () => {
            await lab.snapshots.save(name);
            res.reload();
          }}
        >
          <TextField label="Snapshot Name" name="snapshot_name" value={name} onChange={setName} required />
          <p className="cli-hint">
            <code>stacklab snapshot save {name || '<name>'}</code>
          </p>
        </ModalForm>
      )}
    </>
  );
}
