/** The shell grammar: words and quotes, expansion, lists, pipelines, redirections, comments, errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandToString, expandWord, parse, ParseError, type SimpleCommand } from './parser';

const vars: Record<string, string> = { A: 'alpha', TWO: 'one two', EMPTY: '', PS1: '[\\u@\\h \\W]\\$ ', '?': '3' };
const x = { lookup: (n: string) => vars[n], home: '/root' };

/** The expanded argv of each simple command, in order. */
function argvs(line: string): string[][] {
  const out: string[][] = [];
  for (const l of parse(line).lists) for (const p of [l.first, ...l.rest.map((r) => r.pipeline)]) for (const c of p.commands) out.push(c.words.flatMap((w) => expandWord(w, x)));
  return out;
}
const first = (line: string): SimpleCommand => parse(line).lists[0].first.commands[0];

describe('parse: words and quotes', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    assert.deepEqual(argvs(`ip   netns exec 'a b' "c  d"`), [['ip', 'netns', 'exec', 'a b', 'c  d']]);
  });
  it('joins adjacent quoted and unquoted pieces into one word', () => {
    assert.deepEqual(argvs(`echo a'b'"c"d`), [['echo', 'abcd']]);
  });
  it('keeps an empty quoted word', () => {
    assert.deepEqual(argvs(`echo '' ""`), [['echo', '', '']]);
  });
  it('keeps backslashes in single quotes and honours escapes outside and in double quotes', () => {
    assert.deepEqual(argvs(`echo '\\$A' \\$A "\\$A \\"q\\"" a\\ b`), [['echo', '\\$A', '$A', '$A "q"', 'a b']]);
  });
});

describe('parse: expansion', () => {
  it('expands $VAR and ${VAR}, not inside single quotes', () => {
    assert.deepEqual(argvs(`echo $A \${A}x "$A-y" '$A'`), [['echo', 'alpha', 'alphax', 'alpha-y', '$A']]);
  });
  it('splits unquoted values and drops empty ones; quoted stays one field', () => {
    assert.deepEqual(argvs(`echo $TWO "$TWO" $EMPTY "$EMPTY" $UNSET`), [['echo', 'one', 'two', 'one two', '']]);
  });
  it('expands $? and ~, and leaves a lone $ alone', () => {
    assert.deepEqual(argvs(`echo $? ~ ~/keystonerc_admin a~ $ 5$`), [['echo', '3', '/root', '/root/keystonerc_admin', 'a~', '$', '5$']]);
  });
  it('recognises NAME=value assignments only before the command name', () => {
    const c = first(`OS_CLOUD=$A FOO= openstack x=1`);
    assert.deepEqual(c.assignments.map((a) => [a.name, expandToString(a.value, x)]), [['OS_CLOUD', 'alpha'], ['FOO', '']]);
    assert.deepEqual(c.words.map((w) => expandToString(w, x)), ['openstack', 'x=1']);
  });
});

describe('parse: lists, pipelines, redirections, comments', () => {
  it('separates with ; and newlines, and chains && and ||', () => {
    const s = parse('a; b && c || d\ne');
    assert.equal(s.lists.length, 3);
    assert.deepEqual(s.lists[1].rest.map((r) => r.op), ['&&', '||']);
  });
  it('builds pipelines', () => {
    const s = parse('ip a | grep inet | wc -l');
    assert.equal(s.lists[0].first.commands.length, 3);
  });
  it('strips comments but keeps # inside words and quotes', () => {
    assert.deepEqual(argvs('echo a#b "#c" # comment here'), [['echo', 'a#b', '#c']]);
    assert.deepEqual(parse('# only a comment').lists, []);
  });
  it('reads redirections, including 2>&1, &> and a descriptor prefix', () => {
    const c = first('cmd arg 2>&1 >/dev/null &> /dev/null < in');
    assert.deepEqual(
      c.redirects.map((r) => [r.fd, r.op, expandToString(r.target, x)]),
      [[2, '>&', '1'], [1, '>', '/dev/null'], ['both', '>', '/dev/null'], [0, '<', 'in']],
    );
    assert.deepEqual(c.words.map((w) => expandToString(w, x)), ['cmd', 'arg']);
  });
  it('accepts a trailing ; and blank lines', () => {
    assert.equal(parse('a;\n\n b;').lists.length, 2);
    assert.equal(parse('').lists.length, 0);
  });
});

describe('parse: errors in bash words', () => {
  const err = (line: string, message: RegExp) => assert.throws(() => parse(line), (e: unknown) => e instanceof ParseError && message.test(e.message));
  it('reports unterminated quotes', () => {
    err(`echo 'abc`, /unexpected EOF while looking for matching `''/);
    err(`echo "abc`, /unexpected EOF while looking for matching `"'/);
  });
  it('reports a misplaced operator', () => {
    err('| grep x', /syntax error near unexpected token `\|'/);
    err('a && && b', /syntax error near unexpected token `&&'/);
    err('a ;; b', /syntax error near unexpected token `;'/);
    err('a |', /syntax error: unexpected end of file/);
  });
  it('says what it does not support', () => {
    err('echo $(hostname)', /not supported/);
    err('sleep 1 &', /not supported/);
    err('echo ${A', /matching `}'/);
  });
});
