import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOW_ROUTES, INTENTS, ROUTES } from '../../agents/intents.ts';
import { DEMO_CUSTOMERS } from '../../agents/commerce/seed.ts';
import { normalizeText } from '../../agents/models/offline/normalize.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { DATASET_VERSION, readMessages, readScenarios } from './schema.ts';

const here = import.meta.dirname;
const messages = readMessages(join(here, 'messages.jsonl'));
const scenarios = readScenarios(join(here, 'scenarios.jsonl'));
const trainingDir = join(here, '..', '..', 'agents', 'models', 'offline', 'data');

describe('the assistant eval datasets', () => {
  it('hold at least 300 messages across all 11 languages and every route, and 40 scenarios', () => {
    expect(messages.length).toBeGreaterThanOrEqual(300);
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    expect(new Set(messages.map((row) => row.lang))).toEqual(new Set(SUPPORTED_LANGUAGES));
    expect(new Set(messages.map((row) => row.route))).toEqual(new Set(ROUTES));
    for (const row of messages) expect([...INTENTS, ...Object.keys(FLOW_ROUTES)]).toContain(row.intent);
  });

  it('are all of the current version, with unique ids, sent by demo customers', () => {
    const phones = new Set(DEMO_CUSTOMERS.map((customer) => customer.phone));
    for (const row of [...messages, ...scenarios]) {
      expect(row.version).toBe(DATASET_VERSION);
      expect(phones.has(row.customer), `${row.id}: ${row.customer} is not a demo customer`).toBe(true);
    }
    const ids = [...messages, ...scenarios].map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cover escalated, resolved, declined and language-switching scenarios', () => {
    const outcomes = new Set(scenarios.map((scenario) => scenario.outcome));
    expect(outcomes).toEqual(new Set(['resolved', 'escalated', 'declined']));
    const switched = scenarios.filter((scenario) => new Set(scenario.turns.map((turn) => turn.expect.lang).filter(Boolean)).size > 1);
    expect(switched.length).toBeGreaterThanOrEqual(3);
    expect(scenarios.some((scenario) => scenario.turns.some((turn) => turn.expect.waiting))).toBe(true);
  });

  it('share no text with the router training data (after normalization)', () => {
    const training = new Set<string>();
    for (const file of readdirSync(trainingDir).filter((name) => name.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(trainingDir, file), 'utf8').split('\n')) {
        if (line.trim()) training.add(normalizeText((JSON.parse(line) as { text: string }).text));
      }
    }
    const texts = [...messages.map((row) => row.text), ...scenarios.flatMap((scenario) => scenario.turns.map((turn) => turn.text))];
    const copied = texts.filter((text) => training.has(normalizeText(text)) && !/^\d+$/.test(text.trim()));
    expect(copied).toEqual([]);
  });
});
