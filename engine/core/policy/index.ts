export type { Credentials, RuleDefault } from './types';
export { parseRule, validate, evaluate, formatCheck, ruleReferences } from './rules';
export type { Check, ParseResult, RuleResolver, Template } from './rules';
export { PolicyEnforcer } from './enforcer';
export { rule } from './define';
export type { ListedRule, PolicyEnforcerOptions, PolicyProblem } from './enforcer';
