/**
 * The host shell's command-line grammar, a small subset of bash: words with single and double
 * quotes and backslash escapes, `$VAR` / `${VAR}` / `$?` expansion (done at run time, so
 * `export A=1; echo $A` works), `~`, comments, `NAME=value` assignments, the redirections
 * `> file`, `>> file`, `2> file`, `2>&1`, `&> file`, `< file`, pipelines with `|`, and lists
 * joined by `;`, newlines, `&&` and `||`.
 */

export type WordPart =
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'var'; name: string; quoted: boolean }
  | { kind: 'tilde' };

export interface Word {
  parts: WordPart[];
}

export interface Redirect {
  /** The descriptor redirected: 0 (stdin), 1, 2, or 'both' for `&>`. */
  fd: 0 | 1 | 2 | 'both';
  op: '>' | '>>' | '<' | '>&';
  /** A file, or for `>&` the descriptor number ('1', '2'). */
  target: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  commands: SimpleCommand[];
}

export interface AndOrList {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface Script {
  lists: AndOrList[];
}

/** A syntax error, with bash's message (without the `bash: ` prefix). */
export class ParseError extends Error {
  override readonly name = 'ParseError';
}

type Token =
  | { type: 'word'; word: Word; raw: string }
  | { type: 'op'; op: ';' | '&&' | '||' | '|' | '&' | '\n' }
  | { type: 'redir'; fd: Redirect['fd']; op: Redirect['op'] };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_VARS = new Set(['?', '$', '#', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let parts: WordPart[] = [];
  let raw = '';
  let inWord = false;

  const text = (t: string, quoted: boolean) => {
    const last = parts[parts.length - 1];
    if (last && last.kind === 'text' && last.quoted === quoted) last.text += t;
    else parts.push({ kind: 'text', text: t, quoted });
  };
  const endWord = () => {
    if (inWord) tokens.push({ type: 'word', word: { parts }, raw });
    parts = [];
    raw = '';
    inWord = false;
  };
  /** Reads `$…` at input[i] (which is '$'); returns false when the '$' is literal. */
  const dollar = (quoted: boolean): void => {
    const next = input[i + 1];
    if (next === '{') {
      const close = input.indexOf('}', i + 2);
      if (close < 0) throw new ParseError('unexpected EOF while looking for matching `}\'');
      const name = input.slice(i + 2, close);
      if (!/^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])$/.test(name)) throw new ParseError(`\${${name}}: bad substitution`);
      parts.push({ kind: 'var', name, quoted });
      raw += input.slice(i, close + 1);
      i = close + 1;
      return;
    }
    if (next === '(') throw new ParseError('command substitution $(…) is not supported in this shell');
    if (next !== undefined && SPECIAL_VARS.has(next)) {
      parts.push({ kind: 'var', name: next, quoted });
      raw += input.slice(i, i + 2);
      i += 2;
      return;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 1;
      while (j < input.length && NAME_CHAR.test(input[j])) j++;
      parts.push({ kind: 'var', name: input.slice(i + 1, j), quoted });
      raw += input.slice(i, j);
      i = j;
      return;
    }
    text('$', quoted);
    raw += '$';
    i++;
  };

  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
    } else if (c === '\n') {
      endWord();
      tokens.push({ type: 'op', op: '\n' });
      i++;
    } else if (c === '#' && !inWord) {
      while (i < input.length && input[i] !== '\n') i++;
    } else if (c === "'") {
      const close = input.indexOf("'", i + 1);
      if (close < 0) throw new ParseError("unexpected EOF while looking for matching `''");
      inWord = true;
      text(input.slice(i + 1, close), true);
      raw += input.slice(i, close + 1);
      i = close + 1;
    } else if (c === '"') {
      inWord = true;
      const start = i;
      i++;
      // an empty "" still makes a (quoted, empty) word
      text('', true);
      for (;;) {
        if (i >= input.length) throw new ParseError('unexpected EOF while looking for matching `"\'');
        const d = input[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < input.length && '$`"\\\n'.includes(input[i + 1])) {
          if (input[i + 1] !== '\n') text(input[i + 1], true);
          i += 2;
        } else if (d === '$') {
          dollar(true);
        } else if (d === '`') {
          throw new ParseError('command substitution `…` is not supported in this shell');
        } else {
          text(d, true);
          i++;
        }
      }
      raw += input.slice(start, i);
    } else if (c === '\\') {
      inWord = true;
      if (i + 1 < input.length && input[i + 1] !== '\n') text(input[i + 1], true);
      raw += input.slice(i, i + 2);
      i += 2;
    } else if (c === '$') {
      inWord = true;
      dollar(false);
    } else if (c === '`') {
      throw new ParseError('command substitution `…` is not supported in this shell');
    } else if (c === '~' && !inWord && (i + 1 >= input.length || /[\s/;|&<>]/.test(input[i + 1]))) {
      inWord = true;
      parts.push({ kind: 'tilde' });
      raw += '~';
      i++;
    } else if (c === '>' || c === '<') {
      // a lone unquoted "2" (or "1"/"0") just before is the descriptor
      let fd: Redirect['fd'] = c === '<' ? 0 : 1;
      if (inWord && parts.length === 1 && parts[0].kind === 'text' && !parts[0].quoted && /^[012]$/.test(parts[0].text)) {
        fd = Number(parts[0].text) as 0 | 1 | 2;
        parts = [];
        raw = '';
        inWord = false;
      } else endWord();
      if (c === '<') {
        tokens.push({ type: 'redir', fd, op: '<' });
        i++;
      } else if (input[i + 1] === '>') {
        tokens.push({ type: 'redir', fd, op: '>>' });
        i += 2;
      } else if (input[i + 1] === '&') {
        tokens.push({ type: 'redir', fd, op: '>&' });
        i += 2;
      } else {
        tokens.push({ type: 'redir', fd, op: '>' });
        i++;
      }
    } else if (c === '&' && input[i + 1] === '>') {
      endWord();
      tokens.push({ type: 'redir', fd: 'both', op: '>' });
      i += 2;
    } else if (c === '&' || c === '|' || c === ';') {
      endWord();
      if (c !== ';' && input[i + 1] === c) {
        tokens.push({ type: 'op', op: c === '&' ? '&&' : '||' });
        i += 2;
      } else {
        tokens.push({ type: 'op', op: c });
        i++;
      }
    } else {
      inWord = true;
      text(c, false);
      raw += c;
      i++;
    }
  }
  endWord();
  return tokens;
}

function splitAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.kind !== 'text' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return undefined;
  const rest = first.text.slice(m[0].length);
  const value: WordPart[] = [...(rest ? [{ kind: 'text' as const, text: rest, quoted: false }] : []), ...word.parts.slice(1)];
  return { name: m[1], value: { parts: value } };
}

const describe = (t: Token | undefined): string => {
  if (!t) return 'newline';
  if (t.type === 'op') return t.op === '\n' ? 'newline' : t.op;
  if (t.type === 'redir') return t.op;
  return t.raw;
};

/** Parses one command line (or a whole script). Throws ParseError with bash's wording. */
export function parse(input: string): Script {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const unexpected = (t: Token | undefined): never => {
    if (!t) throw new ParseError('syntax error: unexpected end of file');
    throw new ParseError(`syntax error near unexpected token \`${describe(t)}'`);
  };
  const skipNewlines = () => {
    while (peek()?.type === 'op' && (peek() as { op: string }).op === '\n') pos++;
  };

  const command = (): SimpleCommand => {
    const cmd: SimpleCommand = { assignments: [], words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (!t || t.type === 'op') break;
      pos++;
      if (t.type === 'redir') {
        const target = peek();
        if (!target || target.type !== 'word') unexpected(target);
        pos++;
        cmd.redirects.push({ fd: t.fd, op: t.op, target: (target as { word: Word }).word });
        continue;
      }
      const assignment = cmd.words.length === 0 ? splitAssignment(t.word) : undefined;
      if (assignment) cmd.assignments.push(assignment);
      else cmd.words.push(t.word);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) unexpected(peek());
    return cmd;
  };

  const pipeline = (): Pipeline => {
    const commands = [command()];
    while (peek()?.type === 'op' && (peek() as { op: string }).op === '|') {
      pos++;
      skipNewlines();
      commands.push(command());
    }
    return { commands };
  };

  const andOr = (): AndOrList => {
    const list: AndOrList = { first: pipeline(), rest: [] };
    for (;;) {
      const t = peek();
      if (t?.type !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      pos++;
      skipNewlines();
      list.rest.push({ op: t.op, pipeline: pipeline() });
    }
    return list;
  };

  const script: Script = { lists: [] };
  skipNewlines();
  while (pos < tokens.length) {
    script.lists.push(andOr());
    const t = peek();
    if (!t) break;
    if (t.type === 'op' && t.op === '&') throw new ParseError('background jobs (&) are not supported in this shell');
    if (t.type !== 'op' || (t.op !== ';' && t.op !== '\n')) unexpected(t);
    pos++;
    skipNewlines();
    if (peek()?.type === 'op' && (peek() as { op: string }).op === ';') unexpected(peek());
  }
  return script;
}

export interface ExpandContext {
  lookup(name: string): string | undefined;
  home: string;
}

/**
 * Expands a word into fields: variables are substituted; an unquoted variable's value is split
 * on blanks (so `$EMPTY` disappears), a quoted one stays one field (so `"$EMPTY"` is '').
 */
export function expandWord(word: Word, ctx: ExpandContext): string[] {
  const fields: string[] = [];
  let current = '';
  let has = false;
  for (const p of word.parts) {
    if (p.kind === 'tilde') {
      current += ctx.home;
      has = true;
    } else if (p.kind === 'text') {
      current += p.text;
      has = has || p.quoted || p.text !== '';
    } else {
      const value = ctx.lookup(p.name) ?? '';
      if (p.quoted) {
        current += value;
        has = true;
        continue;
      }
      const pieces = value.split(/[ \t\n]+/);
      for (let k = 0; k < pieces.length; k++) {
        if (k > 0) {
          if (has) fields.push(current);
          current = '';
          has = false;
        }
        if (pieces[k] !== '') {
          current += pieces[k];
          has = true;
        }
      }
    }
  }
  if (has) fields.push(current);
  return fields;
}

/** Expands a word to one string (assignment values and redirection targets are not split). */
export function expandToString(word: Word, ctx: ExpandContext): string {
  return word.parts
    .map((p) => (p.kind === 'tilde' ? ctx.home : p.kind === 'text' ? p.text : (ctx.lookup(p.name) ?? '')))
    .join('');
}
