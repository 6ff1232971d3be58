/**
 * Swift's listing walk over names: prefix, marker, end_marker, reverse and limit narrow the names;
 * a delimiter rolls every name with the delimiter after the prefix up into one `subdir` entry (which
 * counts once towards the limit); `path=p` lists only what is directly under `p/`.
 */
import type { NameRange } from '../store/object-store-store';

export interface ListingQuery {
  prefix: string;
  marker: string;
  endMarker: string;
  delimiter: string;
  limit: number;
  reverse: boolean;
  /** `path` mode: the delimiter is '/', and nested names are skipped without subdir entries. */
  pathMode?: boolean;
}

export type ListingEntry<T> = { kind: 'item'; item: T } | { kind: 'subdir'; subdir: string };

export function walkListing<T>(fetch: (r: NameRange) => T[], nameOf: (t: T) => string, q: ListingQuery): ListingEntry<T>[] {
  const out: ListingEntry<T>[] = [];
  let marker = q.marker;
  let start: string | undefined;
  // each pass reads at most what is still wanted; a subdir restarts the read past its names
  for (let guard = 0; out.length < q.limit && guard < 100000; guard++) {
    const want = q.limit - out.length;
    const rows = fetch({ prefix: q.prefix, marker, start, endMarker: q.endMarker, reverse: q.reverse, limit: want });
    if (!rows.length) break;
    let restarted = false;
    for (const row of rows) {
      const name = nameOf(row);
      // path mode leaves out the marker object of the path itself (`p/` for path=p)
      if (q.pathMode && name === q.prefix) {
        marker = name;
        start = undefined;
        continue;
      }
      if (q.delimiter) {
        const rest = name.slice(q.prefix.length);
        const i = rest.indexOf(q.delimiter);
        const nested = i >= 0 && !(q.pathMode && i + q.delimiter.length === rest.length);
        if (nested) {
          const dir = q.prefix + rest.slice(0, i + q.delimiter.length);
          if (!q.pathMode) out.push({ kind: 'subdir', subdir: dir });
          if (q.reverse) {
            marker = dir;
            start = undefined;
          } else {
            // everything under dir sorts below dir with its last character bumped
            start = dir.slice(0, -1) + String.fromCharCode(dir.charCodeAt(dir.length - 1) + 1);
            marker = '';
          }
          restarted = true;
          break;
        }
      }
      out.push({ kind: 'item', item: row });
      marker = name;
      start = undefined;
      if (out.length >= q.limit) break;
    }
    if (!restarted && rows.length < want) break;
  }
  return out;
}
