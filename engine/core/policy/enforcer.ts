/**
 * Policy enforcement over a table of registered defaults plus operator overrides, with
 * oslo.policy's semantics: overrides replace defaults by name, `rule:` references go through
 * the merged table, and a name with no rule falls back to the `default` rule if one exists
 * (otherwise it is denied). Every rule is parsed once per change of the table.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { PolicyNotAuthorized } from '../errors';
import { evaluate, parseRule, ruleReferences, type Check } from './rules';
import type { Credentials, RuleDefault } from './types';

export interface PolicyEnforcerOptions {
  overrides?: Record<string, string>;
  /** The 403 message for a denied action; defaults to Keystone's ForbiddenAction wording. */
  notAuthorizedMessage?: (action: string) => string;
}

export interface ListedRule {
  name: string;
  checkStr: string;
  description?: string;
}

export interface PolicyProblem {
  rule: string;
  errors: string[];
}

const DEFAULT_RULE = 'default';

export class PolicyEnforcer {
  private readonly defaults = new Map<string, RuleDefault>();
  private overrides = new Map<string, string>();
  private compiled = new Map<string, Check>();
  private problems: PolicyProblem[] = [];
  private readonly message?: (action: string) => string;
  private readonly resolve = (name: string): Check | undefined =>
    this.compiled.get(name) ?? this.compiled.get(DEFAULT_RULE);

  constructor(defaults: RuleDefault[], opts: PolicyEnforcerOptions = {}) {
    for (const rule of defaults) {
      if (this.defaults.has(rule.name)) throw new Error(`policy rule ${rule.name} is registered twice`);
      this.defaults.set(rule.name, rule);
    }
    this.message = opts.notAuthorizedMessage;
    this.setOverrides(opts.overrides ?? {});
  }

  /** True when `creds` may perform `action` on `target`. Never throws. */
  enforce(action: string, target: Record<string, unknown>, creds: Credentials): boolean {
    const check = this.resolve(action);
    return check !== undefined && evaluate(check, target, creds, this.resolve);
  }

  /** Like enforce, but throws PolicyNotAuthorized (403) naming the action when denied. */
  authorize(action: string, target: Record<string, unknown>, creds: Credentials): void {
    if (!this.enforce(action, target, creds)) throw new PolicyNotAuthorized(action, this.message?.(action));
  }

  /** Replaces all overrides (as re-reading a policy file does) and recompiles the table. */
  setOverrides(rules: Record<string, string>): void {
    const overrides = new Map<string, string>();
    for (const [name, checkStr] of Object.entries(rules)) {
      if (typeof checkStr !== 'string') throw new Error(`policy rule ${name}: the check string must be a string`);
      overrides.set(name, checkStr);
    }
    const compiled = new Map<string, Check>();
    const problems: PolicyProblem[] = [];
    for (const { name, checkStr } of this.effective(overrides)) {
      const { check, errors } = parseRule(checkStr);
      compiled.set(name, check);
      if (errors.length > 0) problems.push({ rule: name, errors });
    }
    for (const [name, check] of compiled) {
      const missing = ruleReferences(check).filter((ref) => !compiled.has(ref));
      if (missing.length > 0) {
        const errors = missing.map((ref) => `references undefined rule ${ref}`);
        const known = problems.find((p) => p.rule === name);
        if (known) known.errors.push(...errors);
        else problems.push({ rule: name, errors });
      }
    }
    this.overrides = overrides;
    this.compiled = compiled;
    this.problems = problems;
  }

  /** Loads a YAML (or JSON) policy file of `name: check string` pairs as the overrides. */
  loadOverridesFile(path: string): void {
    const data: unknown = parseYaml(readFileSync(path, 'utf8'));
    if (data === null || data === undefined) return this.setOverrides({});
    if (typeof data !== 'object' || Array.isArray(data)) throw new Error(`policy file ${path}: expected a mapping of rule names to check strings`);
    try {
      this.setOverrides(data as Record<string, string>);
    } catch (e) {
      throw new Error(`policy file ${path}: ${(e as Error).message}`);
    }
  }

  /** The effective rules: defaults in registration order (overridden text wins), then override-only rules. */
  listRules(): ListedRule[] {
    return this.effective(this.overrides);
  }

  private effective(overrides: Map<string, string>): ListedRule[] {
    const out: ListedRule[] = [];
    for (const d of this.defaults.values()) {
      const rule: ListedRule = { name: d.name, checkStr: overrides.get(d.name) ?? d.checkStr };
      if (d.description !== undefined) rule.description = d.description;
      out.push(rule);
    }
    for (const [name, checkStr] of overrides) if (!this.defaults.has(name)) out.push({ name, checkStr });
    return out;
  }

  /** Malformed check strings and references to undefined rules in the effective table. */
  validate(): PolicyProblem[] {
    return this.problems.map((p) => ({ rule: p.rule, errors: [...p.errors] }));
  }
}
