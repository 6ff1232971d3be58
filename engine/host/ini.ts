/**
 * OpenStack's INI files (oslo.config: nova.conf, neutron.conf, the agents' *.ini) as text that
 * edits keep: `crudini --set` changes one line in place and leaves comments and order alone, and
 * the services read their options from the same text when they (re)start.
 */

const SECTION_RE = /^\s*\[([^\]]+)\]\s*$/;
const KEY_RE = /^\s*([^#;=\s][^=]*?)\s*=\s?(.*)$/;

interface Line {
  text: string;
  section: string;
  key?: string;
  value?: string;
}

function scan(text: string): Line[] {
  let section = 'DEFAULT';
  const out: Line[] = [];
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  for (const t of raw) {
    const s = SECTION_RE.exec(t);
    if (s) {
      section = s[1].trim();
      out.push({ text: t, section });
      continue;
    }
    const k = /^\s*[#;]/.test(t) ? null : KEY_RE.exec(t);
    out.push(k ? { text: t, section, key: k[1], value: k[2].trimEnd() } : { text: t, section });
  }
  return out;
}

const join = (ls: Line[]): string => (ls.length ? ls.map((l) => l.text).join('\n') + '\n' : '');

/** The sections in file order (`DEFAULT` only when it has a header or keys before the first header). */
export function iniSections(text: string): string[] {
  const ls = scan(text);
  const out: string[] = [];
  for (const l of ls) if ((SECTION_RE.test(l.text) || l.key !== undefined) && !out.includes(l.section)) out.push(l.section);
  return out;
}

/** The keys of a section in file order; undefined when the section is absent. */
export function iniKeys(text: string, section: string): string[] | undefined {
  const ls = scan(text);
  if (!ls.some((l) => l.section === section && (l.key !== undefined || SECTION_RE.test(l.text)))) return undefined;
  return [...new Set(ls.filter((l) => l.section === section && l.key !== undefined).map((l) => l.key as string))];
}

/** A key's value (the last one wins, as oslo.config reads it); undefined when not set. */
export function iniGet(text: string, section: string, key: string): string | undefined {
  let v: string | undefined;
  for (const l of scan(text)) if (l.section === section && l.key === key) v = l.value;
  return v;
}

/** Sets a key: in place when present, else at the end of its section (made when missing). */
export function iniSet(text: string, section: string, key: string, value: string): string {
  const ls = scan(text);
  const at = ls.map((l, i) => (l.section === section && l.key === key ? i : -1)).filter((i) => i >= 0);
  if (at.length) {
    const i = at[at.length - 1];
    const old = ls[i].text;
    const m = /^(\s*[^=]*?\s*=\s?)/.exec(old);
    ls[i] = { ...ls[i], value, text: `${m ? m[1] : `${key} = `}${value}` };
    return join(ls);
  }
  const line: Line = { text: `${key} = ${value}`, section, key, value };
  const header = ls.findIndex((l) => l.section === section && SECTION_RE.test(l.text));
  if (header < 0) {
    if (section === 'DEFAULT' && !ls.some((l) => SECTION_RE.test(l.text))) return join([...ls, line]);
    const sep = ls.length && ls[ls.length - 1].text.trim() !== '' ? [{ text: '', section }] : [];
    return join([...ls, ...sep, { text: `[${section}]`, section }, line]);
  }
  // after the section's last key (comments and blank lines that follow stay after it)
  let last = header;
  for (let i = header + 1; i < ls.length && ls[i].section === section; i++) if (ls[i].key !== undefined) last = i;
  if (last === header) {
    // an empty section: right after the header and its leading comment lines
    while (last + 1 < ls.length && ls[last + 1].section === section && ls[last + 1].text.trim() !== '' && ls[last + 1].key === undefined) last++;
  }
  ls.splice(last + 1, 0, line);
  return join(ls);
}

/** Deletes a key, or a whole section when `key` is undefined; `changed` says whether anything went. */
export function iniDel(text: string, section: string, key?: string): { text: string; changed: boolean } {
  const ls = scan(text);
  const kept = ls.filter((l) => l.section !== section || (key !== undefined && l.key !== key));
  return { text: join(kept), changed: kept.length !== ls.length };
}

/** A float option as oslo.config parses it, or `fallback` when unset or not a number. */
export function iniFloat(text: string | undefined, section: string, key: string, fallback: number): number {
  const v = text === undefined ? undefined : iniGet(text, section, key);
  const n = v === undefined || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : fallback;
}
