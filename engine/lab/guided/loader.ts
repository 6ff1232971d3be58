/** Reads the guided labs under resources/labs/ and checks their shape before anyone follows them. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { firstIssue, type JsonSchema } from '../../core/http/jsonschema';
import { resourcesDir } from '../../core/resources';
import { RULES } from '../doctor';
import { listScenarios } from '../scenarios';
import type { GuidedLab } from './types';

const scalar: JsonSchema = { type: ['string', 'number', 'boolean'] };
const SCHEMA: JsonSchema = {
  type: 'object',
  required: ['name', 'title', 'steps'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
    title: { type: 'string', minLength: 1 },
    summary: { type: 'string' },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'title', 'goal', 'hints', 'checks'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          title: { type: 'string', minLength: 1 },
          goal: { type: 'string', minLength: 1 },
          scenario: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
          hints: { type: 'array', minItems: 3, maxItems: 3, items: { type: 'string', minLength: 1 } },
          checks: {
            type: 'array',
            minItems: 1,
            items: {
              anyOf: [
                {
                  type: 'object',
                  required: ['what', 'find'],
                  additionalProperties: false,
                  properties: {
                    what: { type: 'string' },
                    find: {
                      type: 'object',
                      required: ['service', 'path', 'list'],
                      additionalProperties: false,
                      properties: { service: { type: 'string' }, path: { type: 'string', pattern: '^/' }, list: { type: 'string' }, where: { type: 'object', patternProperties: { '.': scalar } } },
                    },
                  },
                },
                {
                  type: 'object',
                  required: ['what', 'doctor'],
                  additionalProperties: false,
                  properties: {
                    what: { type: 'string' },
                    doctor: { type: 'object', required: ['rules'], additionalProperties: false, properties: { rules: { type: 'array', minItems: 1, items: { type: 'string' } } } },
                  },
                },
                {
                  type: 'object',
                  required: ['what', 'host'],
                  additionalProperties: false,
                  properties: {
                    what: { type: 'string' },
                    host: { type: 'object', required: ['line'], additionalProperties: false, properties: { line: { type: 'string', minLength: 1 }, output: { type: 'string' } } },
                  },
                },
              ],
            },
          },
        },
      },
    },
  },
};

export class GuidedLabError extends Error {
  override name = 'GuidedLabError';
}

/** Parses and checks one lab definition. */
export function parseGuidedLab(text: string, source: string): GuidedLab {
  const doc: unknown = parse(text);
  const issue = firstIssue(doc, SCHEMA);
  if (issue) throw new GuidedLabError(`${source}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  const lab = doc as GuidedLab;
  const ids = lab.steps.map((s) => s.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new GuidedLabError(`${source}: step id ${dup} is used twice`);
  const known = new Set(RULES.map((r) => r.id));
  for (const step of lab.steps) {
    if (step.scenario && !listScenarios().some((s) => s.name === step.scenario)) throw new GuidedLabError(`${source}: step ${step.id}: there is no scenario named ${step.scenario}`);
    for (const c of step.checks)
      if ('doctor' in c) for (const r of c.doctor.rules) if (!known.has(r)) throw new GuidedLabError(`${source}: step ${step.id}: there is no doctor rule named ${r}`);
  }
  return lab;
}

/** Every guided lab shipped in resources/labs, by name. */
export function loadGuidedLabs(dir = resourcesDir('labs')): GuidedLab[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseGuidedLab(readFileSync(join(dir, f), 'utf8'), f));
}

export function findGuidedLab(name: string, dir?: string): GuidedLab {
  const lab = loadGuidedLabs(dir).find((l) => l.name === name);
  if (!lab) throw new GuidedLabError(`No guided lab named ${name}; \`stacklab lab list\` shows them.`);
  return lab;
}
