/**
 * The oslo.policy check-string language: a parser into a check tree and its evaluator.
 *
 *   rule   := or ; or := and ('or' and)* ; and := unary ('and' unary)*
 *   unary  := 'not' unary | '(' or ')' | check
 *   check  := '@' | '!' | kind ':' match
 *
 * Kinds: `rule:NAME`, `role:NAME` (case-insensitive), `http(s):` (never true here) and any
 * other `key:value`, a generic check whose left side is a credentials path (or a Python
 * literal such as True, 'text', 1) and whose right side may hold `%(target.key)s`.
 * Parsing never throws: like oslo.policy, a string that does not parse becomes a check that
 * is always false, and the problem is reported in `errors`.
 */
import type { Credentials } from './types';

/** A right-hand side: a constant, or text with `%(key)s` substitutions from the target. */
export type Template = string | readonly (string | { key: string })[];

export type Check =
  | { type: 'true' }
  | { type: 'false'; text?: string }
  | { type: 'rule'; name: string }
  | { type: 'role'; match: Template; text: string }
  | { type: 'generic'; left: { literal: string } | { path: string[] }; match: Template; text: string }
  | { type: 'not'; check: Check }
  | { type: 'and'; checks: Check[] }
  | { type: 'or'; checks: Check[] };

export interface ParseResult {
  check: Check;
  errors: string[];
}

const TRUE: Check = { type: 'true' };
const FALSE: Check = { type: 'false' };

type Token = { t: '(' | ')' | 'and' | 'or' | 'not' } | { t: 'check'; check: Check } | { t: 'string'; text: string };

/** Parse a check string. Empty means always; anything unparsable means never. */
export function parseRule(text: string): ParseResult {
  if (text === '') return { check: TRUE, errors: [] };
  const errors: string[] = [];
  const tokens = tokenize(text, errors);
  let pos = 0;
  const fail = (msg: string): never => {
    throw new SyntaxError(msg);
  };
  const describe = (tok: Token | undefined): string =>
    tok === undefined ? 'end of rule' : tok.t === 'check' ? 'a check' : tok.t === 'string' ? `'${tok.text}'` : `'${tok.t}'`;

  const parseOr = (): Check => {
    const checks = [parseAnd()];
    while (tokens[pos]?.t === 'or') {
      pos++;
      checks.push(parseAnd());
    }
    return checks.length === 1 ? checks[0] : { type: 'or', checks };
  };
  const parseAnd = (): Check => {
    const checks = [parseUnary()];
    while (tokens[pos]?.t === 'and') {
      pos++;
      checks.push(parseUnary());
    }
    return checks.length === 1 ? checks[0] : { type: 'and', checks };
  };
  const parseUnary = (): Check => {
    const tok = tokens[pos++];
    if (tok?.t === 'not') return { type: 'not', check: parseUnary() };
    if (tok?.t === 'check') return tok.check;
    if (tok?.t === '(') {
      const inner = parseOr();
      if (tokens[pos]?.t !== ')') fail(`expected ')' but found ${describe(tokens[pos])}`);
      pos++;
      return inner;
    }
    return fail(`expected a check but found ${describe(tok)}`);
  };

  try {
    const check = parseOr();
    if (pos < tokens.length) fail(`unexpected ${describe(tokens[pos])}`);
    return { check, errors };
  } catch (e) {
    errors.push(`cannot parse rule ${JSON.stringify(text)}: ${(e as Error).message}`);
    return { check: FALSE, errors };
  }
}

/** Problems in a check string (empty when it is well formed). */
export function validate(text: string): string[] {
  return parseRule(text).errors;
}

/** Names referenced through `rule:NAME` anywhere in a check tree. */
export function ruleReferences(check: Check, out: string[] = []): string[] {
  switch (check.type) {
    case 'rule':
      out.push(check.name);
      break;
    case 'not':
      ruleReferences(check.check, out);
      break;
    case 'and':
    case 'or':
      for (const c of check.checks) ruleReferences(c, out);
      break;
    default:
  }
  return out;
}

/** Canonical text of a check tree as oslo.policy prints it (except that bad leaves keep their text). */
export function formatCheck(check: Check): string {
  switch (check.type) {
    case 'true':
      return '@';
    case 'false':
      return check.text ?? '!';
    case 'rule':
      return `rule:${check.name}`;
    case 'role':
    case 'generic':
      return check.text;
    case 'not':
      return `not ${formatCheck(check.check)}`;
    case 'and':
    case 'or':
      return `(${check.checks.map(formatCheck).join(` ${check.type} `)})`;
  }
}

/** Splits on whitespace, then peels parentheses off the ends of each word (oslo's tokenizer). */
function tokenize(text: string, errors: string[]): Token[] {
  const out: Token[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    let start = 0;
    while (word[start] === '(') {
      out.push({ t: '(' });
      start++;
    }
    let end = word.length;
    while (end > start && word[end - 1] === ')') end--;
    const core = word.slice(start, end);
    if (core !== '') {
      const lower = core.toLowerCase();
      if (lower === 'and' || lower === 'or' || lower === 'not') out.push({ t: lower });
      else if (/^(['"]).*\1$/s.test(core)) out.push({ t: 'string', text: core.slice(1, -1) });
      else out.push({ t: 'check', check: parseCheck(core, errors) });
    }
    for (let i = end; i < word.length; i++) out.push({ t: ')' });
  }
  return out;
}

function parseCheck(text: string, errors: string[]): Check {
  if (text === '@') return TRUE;
  if (text === '!') return FALSE;
  const colon = text.indexOf(':');
  if (colon < 0) {
    errors.push(`check ${JSON.stringify(text)} is not of the form kind:match; it is always false`);
    return { type: 'false', text };
  }
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (kind === 'rule') return { type: 'rule', name: match };
  if (kind === 'http' || kind === 'https') {
    errors.push(`check ${JSON.stringify(text)}: remote (${kind}) checks are not supported; it is always false`);
    return { type: 'false', text };
  }
  const template = parseTemplate(match);
  if (typeof template === 'object' && 'error' in template) {
    errors.push(`check ${JSON.stringify(text)}: ${template.error}; it is always false`);
    return { type: 'false', text };
  }
  if (kind === 'role') {
    return { type: 'role', match: typeof template === 'string' ? template.toLowerCase() : template, text };
  }
  const literal = pythonLiteral(kind);
  return { type: 'generic', left: literal === undefined ? { path: kind.split('.') } : { literal }, match: template, text };
}

/** Python `%`-formatting with a mapping, limited to `%(key)s` and `%%`. */
function parseTemplate(match: string): Template | { error: string } {
  if (!match.includes('%')) return match;
  const parts: (string | { key: string })[] = [];
  let lit = '';
  for (let i = 0; i < match.length; i++) {
    const ch = match[i];
    if (ch !== '%') {
      lit += ch;
    } else if (match[i + 1] === '%') {
      lit += '%';
      i++;
    } else {
      const m = /^%\(([^)]*)\)s/.exec(match.slice(i));
      if (!m) return { error: `unsupported substitution at ${JSON.stringify(match.slice(i))} (only %(key)s is allowed)` };
      if (lit !== '') parts.push(lit);
      lit = '';
      parts.push({ key: m[1] });
      i += m[0].length - 1;
    }
  }
  if (lit !== '') parts.push(lit);
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : parts;
}

/**
 * oslo.policy first tries the left side as a Python literal (`True`, `'admin'`, `1`) and, if
 * it is one, compares str(literal) to the right side. Returns that text, or undefined when
 * the left side is a credentials path instead.
 */
function pythonLiteral(kind: string): string | undefined {
  if (kind === 'True' || kind === 'False' || kind === 'None') return kind;
  const quoted = /^(['"])(.*)\1$/s.exec(kind);
  if (quoted && !quoted[2].includes(quoted[1])) return quoted[2];
  if (/^[+-]?(0|[1-9]\d*)$/.test(kind)) return BigInt(kind).toString();
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/.test(kind)) {
    const n = Number(kind);
    return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
  }
  return undefined;
}

/** str() of a scalar the way Python prints it; undefined for values with no sensible text. */
function pyStr(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
    case 'bigint':
      return String(value);
    case 'object':
      return value === null ? 'None' : undefined;
    default:
      return undefined;
  }
}

const MISSING = Symbol('missing');

/** A target key: flat first (Keystone flattens targets to `target.project.id`), then nested. */
function targetValue(target: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(target, key)) return target[key];
  if (!key.includes('.')) return MISSING;
  let cur: unknown = target;
  for (const seg of key.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return MISSING;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

/** The right side with the target substituted, or undefined when a key is missing. */
function render(match: Template, target: Record<string, unknown>): string | undefined {
  if (typeof match === 'string') return match;
  let out = '';
  for (const part of match) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const value = targetValue(target, part.key);
    if (value === MISSING) return undefined;
    const text = pyStr(value);
    if (text === undefined) return undefined;
    out += text;
  }
  return out;
}

/** Walks a dotted credentials path; a list on the way matches if any element does. */
function credsMatch(value: unknown, path: readonly string[], i: number, match: string): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (credsMatch(v, path, i, match)) return true;
    return false;
  }
  if (i === path.length) return pyStr(value) === match;
  if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, path[i])) return false;
  return credsMatch((value as Record<string, unknown>)[path[i]], path, i + 1, match);
}

/** Resolves `rule:NAME`; undefined means no such rule (the check is then false). */
export type RuleResolver = (name: string) => Check | undefined;

const MAX_RULE_DEPTH = 32;

/** Evaluates a check tree. Never throws; a `rule:` cycle deeper than 32 levels is false. */
export function evaluate(
  check: Check,
  target: Record<string, unknown>,
  creds: Credentials,
  resolve: RuleResolver,
  depth = 0,
): boolean {
  switch (check.type) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'rule': {
      const rule = depth < MAX_RULE_DEPTH ? resolve(check.name) : undefined;
      return rule !== undefined && evaluate(rule, target, creds, resolve, depth + 1);
    }
    case 'role': {
      const match = typeof check.match === 'string' ? check.match : render(check.match, target)?.toLowerCase();
      const roles = creds.roles;
      if (match === undefined || !Array.isArray(roles)) return false;
      for (const r of roles) if (typeof r === 'string' && r.toLowerCase() === match) return true;
      return false;
    }
    case 'generic': {
      const match = render(check.match, target);
      if (match === undefined) return false;
      return 'literal' in check.left ? check.left.literal === match : credsMatch(creds, check.left.path, 0, match);
    }
    case 'not':
      return !evaluate(check.check, target, creds, resolve, depth);
    case 'and':
      for (const c of check.checks) if (!evaluate(c, target, creds, resolve, depth)) return false;
      return true;
    case 'or':
      for (const c of check.checks) if (evaluate(c, target, creds, resolve, depth)) return true;
      return false;
  }
}
