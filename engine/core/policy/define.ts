import type { RuleDefault } from './types';

/**
 * Declares one default rule, the way each service's `policies.ts` lists them:
 * `operations` are written 'METHOD /path'.
 */
export function rule(name: string, checkStr: string, description: string, operations: string[] = [], scopeTypes?: string[]): RuleDefault {
  const r: RuleDefault = { name, checkStr, description };
  if (operations.length > 0) {
    r.operations = operations.map((op) => {
      const space = op.indexOf(' ');
      return { method: op.slice(0, space), path: op.slice(space + 1) };
    });
  }
  if (scopeTypes) r.scopeTypes = [...scopeTypes];
  return r;
}
