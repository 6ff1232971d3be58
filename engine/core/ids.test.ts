import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secret } from './ids';

test('secrets are base64url of the asked length and never start with a dash (argparse would read an option)', () => {
  // Without the guard one secret in 64 starts with "-": among 2,000 some would, almost surely.
  for (let i = 0; i < 2000; i++) {
    const s = secret(32);
    assert.match(s, /^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
  }
});
