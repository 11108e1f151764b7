import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { createRuntime } from '../../app/runtime.ts';
import { explainStartupError } from '../../src/server/startup-errors.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { DEFAULT_QUEUES_FILE, loadQueueRules, parseQueueRules, QUEUE_RULES_SCHEMA_FILE, queueRulesJsonSchema } from '../../src/handoff/queues.ts';

const dir = tempDir('switchboard-queues-');
const valid = () => JSON.parse(readFileSync(DEFAULT_QUEUES_FILE, 'utf8')) as Record<string, unknown> & { rules: Record<string, unknown>[]; queues: Record<string, unknown>[] };
const problem = (input: unknown) => {
  try {
    parseQueueRules(input, 'HANDOFF_QUEUES_FILE rules.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the rules were accepted');
};

describe('queue rules', () => {
  it('ships a JSON Schema that is the one the gateway checks (regenerate with queueRulesJsonSchema() when it changes)', () => {
    expect(JSON.parse(readFileSync(QUEUE_RULES_SCHEMA_FILE, 'utf8'))).toEqual(queueRulesJsonSchema());
    expect(valid().$schema).toBe('./queue-rules.schema.json');
    expect(loadQueueRules().queues.map((queue) => queue.id)).toEqual(['general', 'payments', 'disputes', 'security']);
  });

  it('names the rule, the queue or the agent in error', () => {
    const typo = valid();
    typo.rules[1] = { ...typo.rules[1], when: { teir: ['vip'] } };
    expect(problem(typo)).toMatch(/rule 2: when: Unrecognized key: "teir"/);

    const badPriority = valid();
    badPriority.rules[0] = { ...badPriority.rules[0], priority: 'high' };
    expect(problem(badPriority)).toMatch(/rule 1 \(queue "security"\): priority: /);

    const badQueue = valid();
    badQueue.queues[2] = { ...badQueue.queues[2], firstResponseMinutes: -5 };
    expect(problem(badQueue)).toMatch(/queue "disputes": firstResponseMinutes: /);

    const unknownQueue = valid();
    unknownQueue.rules.push({ when: { market: ['SE'] }, queue: 'nordics' });
    expect(problem(unknownQueue)).toMatch(/rule \d+ names queue "nordics", which is not declared under "queues" \(declared: general, payments, disputes, security\)/);
  });

  it('stops start-up with one line that names the rule', async () => {
    const file = join(dir, 'rules.json');
    const rules = valid();
    rules.rules.push({ when: { language: 'sv' }, queue: 'general' });
    writeFileSync(file, JSON.stringify(rules));
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HANDOFF_QUEUES_FILE: file, LOG_LEVEL: 'silent' });
    const error = await createRuntime(config, { logger: createLogger({ level: 'silent' }) }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const line = explainStartupError(error, config, 'open');
    expect(line).toContain(`Invalid HANDOFF_QUEUES_FILE ${file}: rule ${rules.rules.length} (queue "general"): when.language: `);
    expect(line).not.toContain('\n');
  });
});
