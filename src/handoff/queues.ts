import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/** The shipped rules, used when `HANDOFF_QUEUES_FILE` is not set. */
export const DEFAULT_QUEUES_FILE = new URL('./default-queues.json', import.meta.url).pathname;
/** The rules file's JSON Schema, generated from the schema below (`queueRulesJsonSchema()`); editors validate against it. */
export const QUEUE_RULES_SCHEMA_FILE = new URL('./queue-rules.schema.json', import.meta.url).pathname;

const ids = z.array(z.string().min(1)).optional().describe('Matches when the ticket\'s value is one of these; absent: any value');

// Strict objects: a misspelt key is an error that names it, not a setting silently ignored.
const queueSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_-]+$/, 'queue ids are lowercase letters, digits, - and _').describe('Stable id that rules and agents name'),
  name: z.string().min(1).describe('Shown to agents in Slack and the console'),
  slackChannel: z.string().optional().describe('Slack channel id where new tickets are posted (default: HANDOFF_SLACK_CHANNEL)'),
  supervisors: z.array(z.string()).default([]).describe('Slack user ids told when a ticket of this queue breaches its SLA'),
  restricted: z.boolean().default(false).describe('Only the agents listed for this queue see and act on its tickets'),
  firstResponseMinutes: z.number().positive().default(10).describe('SLA: minutes until the first agent answer'),
  resolutionMinutes: z.number().positive().default(240).describe('SLA: minutes until the ticket is resolved'),
  expectedWaitMinutes: z.number().positive().default(5).describe('The wait announced to customers while the queue has no history yet'),
});

const ruleSchema = z.strictObject({
  when: z
    .strictObject({ department: ids, language: ids, market: ids, tier: ids, reason: ids })
    .default({})
    .describe('Every condition given must match: department (route), language, market (country code), tier, escalation reason'),
  queue: z.string().optional().describe('The queue of the first matching rule that names one wins'),
  priority: z.number().int().default(0).describe("Added to the ticket's priority by every matching rule"),
});

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  defaultQueue: z.string().describe('The queue of an escalation no rule sends elsewhere'),
  queues: z.array(queueSchema).min(1),
  rules: z.array(ruleSchema).default([]),
  agents: z.array(z.strictObject({ id: z.string().min(1), name: z.string().optional(), slackUserId: z.string().optional(), queues: z.array(z.string()).default([]) })).default([]),
  tiers: z
    .record(z.string(), z.string())
    .default({})
    .describe('Customer id or address → tier (vip...); everyone else is their role (customer, merchant, staff)'),
});

export type QueueDefinition = z.infer<typeof queueSchema>;
export type QueueRules = z.infer<typeof fileSchema>;
export type AgentDefinition = QueueRules['agents'][number];

/** What a rule looks at. */
export interface RoutingFacts {
  department: string;
  language: string;
  market: string;
  tier: string;
  reason: string;
}

/** The JSON Schema of a rules file (what `queue-rules.schema.json` holds). */
export function queueRulesJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(fileSchema, { io: 'input' }),
    title: 'Switchboard handoff queue rules (HANDOFF_QUEUES_FILE)',
  };
}

/** Where an issue is, for a person: `rule 2 (queue "vip")`, `queue "disputes"`, `agent "ana"`, then the field. */
function describePath(input: unknown, path: PropertyKey[]): string {
  const [section, index, ...rest] = path;
  const list = (input as Record<string, unknown> | undefined)?.[String(section)];
  const entry = typeof index === 'number' && Array.isArray(list) ? (list[index] as Record<string, unknown> | undefined) : undefined;
  const field = rest.length ? `: ${rest.join('.')}` : '';
  if (section === 'rules' && typeof index === 'number') return `rule ${index + 1}${typeof entry?.queue === 'string' ? ` (queue "${entry.queue}")` : ''}${field}`;
  if (section === 'queues' && typeof index === 'number') return `${typeof entry?.id === 'string' ? `queue "${entry.id}"` : `queue ${index + 1}`}${field}`;
  if (section === 'agents' && typeof index === 'number') return `${typeof entry?.id === 'string' ? `agent "${entry.id}"` : `agent ${index + 1}`}${field}`;
  return path.map(String).join('.') || '(the file)';
}

/** Validates rules against the schema, then that every queue a rule, the default or an agent names exists. */
export function parseQueueRules(input: unknown, source = 'queue rules'): QueueRules {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describePath(input, issue.path)}: ${issue.message}`);
    throw new ConfigError(`Invalid ${source}: ${problems.join('; ')} (format: ${QUEUE_RULES_SCHEMA_FILE.replace(/.*\/(src\/)/, '$1')}, docs/extending.md)`);
  }
  const rules = parsed.data;
  const known = new Set(rules.queues.map((queue) => queue.id));
  const unknown = [
    ...(known.has(rules.defaultQueue) ? [] : [`defaultQueue names queue "${rules.defaultQueue}"`]),
    ...rules.rules.flatMap((rule, index) => (rule.queue && !known.has(rule.queue) ? [`rule ${index + 1} names queue "${rule.queue}"`] : [])),
    ...rules.agents.flatMap((agent) => agent.queues.filter((id) => !known.has(id)).map((id) => `agent "${agent.id}" names queue "${id}"`)),
  ];
  if (unknown.length) throw new ConfigError(`Invalid ${source}: ${unknown.join('; ')}, which is not declared under "queues" (declared: ${[...known].join(', ')})`);
  return rules;
}

/** Reads `HANDOFF_QUEUES_FILE` (or the shipped default). */
export function loadQueueRules(file = DEFAULT_QUEUES_FILE): QueueRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`HANDOFF_QUEUES_FILE ${file} could not be read as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseQueueRules(json, `HANDOFF_QUEUES_FILE ${file}`);
}

const matches = (allowed: string[] | undefined, value: string) => allowed === undefined || allowed.includes(value);

/** The queue and priority for an escalation: first matching rule with a queue wins; priorities add up. */
export function routeTicket(rules: QueueRules, facts: RoutingFacts): { queue: QueueDefinition; priority: number } {
  let queueId: string | undefined;
  let priority = 0;
  for (const rule of rules.rules) {
    const { when } = rule;
    const hit =
      matches(when.department, facts.department) &&
      matches(when.language, facts.language) &&
      matches(when.market, facts.market) &&
      matches(when.tier, facts.tier) &&
      matches(when.reason, facts.reason);
    if (!hit) continue;
    priority += rule.priority;
    if (rule.queue && !queueId) queueId = rule.queue;
  }
  return { queue: queueById(rules, queueId ?? rules.defaultQueue), priority };
}

export function queueById(rules: QueueRules, id: string): QueueDefinition {
  const queue = rules.queues.find((candidate) => candidate.id === id);
  if (!queue) throw new ConfigError(`unknown handoff queue ${id}`);
  return queue;
}

/** The queues an agent may see: all unrestricted ones plus the restricted ones they are listed for. */
export function visibleQueues(rules: QueueRules, agentId: string | undefined): string[] {
  const agent = rules.agents.find((candidate) => candidate.id === agentId || candidate.slackUserId === agentId);
  return rules.queues.filter((queue) => !queue.restricted || agent?.queues.includes(queue.id)).map((queue) => queue.id);
}
