import { useId, useState, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  /** The cell; its text is also what the filter box matches unless `text` says otherwise. */
  render: (row: T) => ReactNode;
  text?: (row: T) => string;
}

export interface DataTableProps<T> {
  /** What the table lists, for its caption and empty text ("networks"). */
  noun: string;
  columns: Column<T>[];
  rows: T[] | null;
  rowKey: (row: T) => string;
  loading?: boolean;
  error?: string | null;
  /** Buttons above the table (Create …). */
  actions?: ReactNode;
  /** Buttons at the end of each row. */
  rowActions?: (row: T) => ReactNode;
  /** Extra content under a row (e.g. a router's interfaces), shown when the row is expanded. */
  detail?: (row: T) => ReactNode;
}

function cellText<T>(c: Column<T>, row: T): string {
  if (c.text) return c.text(row);
  const v = c.render(row);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** Horizon's table: a filter box, the action buttons, the rows with their actions, a count. */
export function DataTable<T>(props: DataTableProps<T>) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const filterId = useId();
  const needle = filter.trim().toLowerCase();
  const rows = (props.rows ?? []).filter((r) => !needle || props.columns.some((c) => cellText(c, r).toLowerCase().includes(needle)));
  const span = props.columns.length + (props.rowActions ? 1 : 0) + (props.detail ? 1 : 0);
  return (
    <section className="table" aria-label={props.noun}>
      <div className="table__toolbar">
        <label className="visually-hidden" htmlFor={filterId}>
          Filter {props.noun}
        </label>
        <input id={filterId} className="table__filter" type="search" placeholder={`Filter ${props.noun}`} value={filter} onChange={(e) => setFilter(e.target.value)} />
        <div className="table__actions">{props.actions}</div>
      </div>
      {props.error && (
        <p className="alert alert--error" role="alert">
          {props.error}
        </p>
      )}
      <table>
        <thead>
          <tr>
            {props.detail && <th aria-label="Details" className="table__toggle" />}
            {props.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.header}
              </th>
            ))}
            {props.rowActions && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const key = props.rowKey(row);
            const expanded = open === key;
            return [
              <tr key={key} data-row={key}>
                {props.detail && (
                  <td className="table__toggle">
                    <button type="button" className="btn btn--icon" aria-expanded={expanded} aria-label={expanded ? 'Hide details' : 'Show details'} onClick={() => setOpen(expanded ? null : key)}>
                      {expanded ? '▾' : '▸'}
                    </button>
                  </td>
                )}
                {props.columns.map((c) => (
                  <td key={c.key} data-col={c.key}>
                    {c.render(row)}
                  </td>
                ))}
                {props.rowActions && (
                  <td>
                    <div className="table__row-actions">{props.rowActions(row)}</div>
                  </td>
                )}
              </tr>,
              expanded && props.detail ? (
                <tr key={`${key}:detail`} className="table__detail">
                  <td colSpan={span}>{props.detail(row)}</td>
                </tr>
              ) : null,
            ];
          })}
          {rows.length === 0 && (
            <tr>
              <td colSpan={span} className="table__empty">
                {props.loading && !props.rows ? 'Loading…' : `No ${props.noun} to display.`}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <p className="table__count">
        Displaying {rows.length} item{rows.length === 1 ? '' : 's'}
      </p>
    </section>
  );
}
