import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.ts';

/** The shipped rules, used when `HANDOFF_QUEUES_FILE` is not set. */
export const DEFAULT_QUEUES_FILE = new URL('./default-queues.json', import.meta.url).pathname;

const ids = z.array(z.string().min(1)).optional();

const queueSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]+$/, 'queue ids are lowercase letters, digits, - and _'),
  name: z.string().min(1),
  /** Slack channel id where new tickets are posted (default `HANDOFF_SLACK_CHANNEL`). */
  slackChannel: z.string().optional(),
  /** Slack user ids told when a ticket of this queue breaches its SLA. */
  supervisors: z.array(z.string()).default([]),
  /** Only the agents listed for this queue see and act on its tickets. */
  restricted: z.boolean().default(false),
  firstResponseMinutes: z.number().positive().default(10),
  resolutionMinutes: z.number().positive().default(240),
  /** The wait announced to customers while the queue has no history yet. */
  expectedWaitMinutes: z.number().positive().default(5),
});

const ruleSchema = z.object({
  when: z.object({ department: ids, language: ids, market: ids, tier: ids, reason: ids }).default({}),
  /** The queue of the first matching rule that names one wins. */
  queue: z.string().optional(),
  /** Added to the ticket's priority by every matching rule. */
  priority: z.number().int().default(0),
});

const fileSchema = z.object({
  defaultQueue: z.string(),
  queues: z.array(queueSchema).min(1),
  rules: z.array(ruleSchema).default([]),
  agents: z.array(z.object({ id: z.string().min(1), name: z.string().optional(), slackUserId: z.string().optional(), queues: z.array(z.string()).default([]) })).default([]),
  /** Customer id or address → tier (`vip`...); everyone else is their role (`customer`, `merchant`, `staff`). */
  tiers: z.record(z.string(), z.string()).default({}),
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

/** Validates rules: every queue a rule, the default or an agent names must exist. */
export function parseQueueRules(input: unknown, source = 'queue rules'): QueueRules {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(`Invalid ${source}:\n${parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const rules = parsed.data;
  const known = new Set(rules.queues.map((queue) => queue.id));
  const named = [rules.defaultQueue, ...rules.rules.flatMap((rule) => (rule.queue ? [rule.queue] : [])), ...rules.agents.flatMap((agent) => agent.queues)];
  const unknown = named.filter((id) => !known.has(id));
  if (unknown.length) throw new ConfigError(`Invalid ${source}: unknown queue ${[...new Set(unknown)].join(', ')} (declare it under "queues")`);
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
