import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOW_ROUTES, INTENTS, ROUTES } from '../../agents/intents.ts';
import { DEMO_CUSTOMERS } from '../../agents/commerce/seed.ts';
import { normalizeText, tokenize } from '../../agents/models/offline/normalize.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { ACTION_TOOLS } from '../assistant/evaluators.ts';
import { DATASET_VERSION, readMessages, readScenarios, SPLITS } from './schema.ts';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const split = (name: string) => ({ messages: readMessages(join(here, name, 'messages.jsonl')), scenarios: readScenarios(join(here, name, 'scenarios.jsonl')) });
const dev = split('dev');
const test = split('test');
const textsOf = (set: typeof dev) => [...set.messages.map((row) => row.text), ...set.scenarios.flatMap((scenario) => scenario.turns.map((turn) => turn.text))];

/** Every labelled text the router learns from. */
function trainingTexts(): string[] {
  const dir = join(root, 'agents', 'models', 'offline', 'data');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.trim()).map((line) => (JSON.parse(line) as { text: string }).text));
}

/** Every phrase of the keyword lists the assistant matches (frustration, policy questions, ... in every language). */
function keywordPhrases(): string[] {
  const dir = join(root, 'locales');
  return SUPPORTED_LANGUAGES.flatMap((language) => {
    const agent = JSON.parse(readFileSync(join(dir, language, 'agent.json'), 'utf8')) as { signals?: Record<string, string> };
    return Object.values(agent.signals ?? {}).flatMap((list) => list.split(',').map((phrase) => phrase.replace(/\*$/, '').trim()));
  });
}

/** Word trigrams of a text, after the router's own normalization. */
function trigrams(text: string): Set<string> {
  const words = tokenize(normalizeText(text));
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i++) grams.add(words.slice(i, i + 3).join(' '));
  return grams;
}

/** Whether two texts are the same phrasing with small edits: most trigrams of the shorter one are in the other. */
function nearCopy(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size < 3) return false;
  let shared = 0;
  for (const gram of small) if (large.has(gram)) shared++;
  return shared / small.size >= 0.75;
}

describe('the assistant eval datasets', () => {
  it('split into dev and test, each with messages in all 11 languages and every route', () => {
    expect(SPLITS).toEqual(['dev', 'test']);
    for (const set of [dev, test]) {
      expect(new Set(set.messages.map((row) => row.lang))).toEqual(new Set(SUPPORTED_LANGUAGES));
      expect(new Set(set.messages.map((row) => row.route))).toEqual(new Set(ROUTES));
      for (const row of set.messages) expect([...INTENTS, ...Object.keys(FLOW_ROUTES)]).toContain(row.intent);
    }
    expect(dev.messages.length).toBeGreaterThanOrEqual(300);
    expect(test.messages.length).toBeGreaterThanOrEqual(100);
  });

  it('are all of the current version, with unique ids, sent by demo customers', () => {
    const phones = new Set(DEMO_CUSTOMERS.map((customer) => customer.phone));
    const rows = [...dev.messages, ...dev.scenarios, ...test.messages, ...test.scenarios];
    for (const row of rows) {
      expect(row.version).toBe(DATASET_VERSION);
      expect(phones.has(row.customer), `${row.id}: ${row.customer} is not a demo customer`).toBe(true);
    }
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('test holds at least 60 multi-turn scenarios covering what conversations go through', () => {
    const scenarios = test.scenarios;
    expect(scenarios.length).toBeGreaterThanOrEqual(60);
    expect(new Set(scenarios.map((scenario) => scenario.outcome))).toEqual(new Set(['resolved', 'escalated', 'declined']));
    const turns = scenarios.flatMap((scenario) => scenario.turns);
    // Every action is asked before it runs, and then runs after a yes.
    for (const tool of ACTION_TOOLS) {
      expect(turns.some((turn) => turn.expect.tool?.name === tool), `${tool} after a confirmation`).toBe(true);
    }
    expect(turns.filter((turn) => turn.expect.confirm).length).toBeGreaterThanOrEqual(15);
    // Language switches, control words, follow-ups, out of scope, languages.
    const switched = scenarios.filter((scenario) => new Set(scenario.turns.map((turn) => turn.expect.lang).filter(Boolean)).size > 1);
    expect(switched.length).toBeGreaterThanOrEqual(5);
    expect(turns.some((turn) => /^(STOP|START|HELP)$/.test(turn.text))).toBe(true);
    expect(turns.some((turn) => /other one/i.test(turn.text))).toBe(true);
    expect(turns.filter((turn) => turn.expect.intent === 'out_of_scope').length).toBeGreaterThanOrEqual(5);
    expect(new Set(scenarios.map((scenario) => scenario.lang))).toEqual(new Set(SUPPORTED_LANGUAGES));
  });

  it('test shares no text with training data, keyword lists or dev (nothing in them is derived from test)', () => {
    const normalized = (texts: string[]) => new Set(texts.map((text) => normalizeText(text)));
    const learnt = [...trainingTexts(), ...textsOf(dev)];
    const learntSet = normalized(learnt);
    const keywords = normalized(keywordPhrases());
    // A reply of three words or fewer ("yes", "ok thanks", "2001", "STOP") is what everyone says, not a phrasing to copy.
    const phrasings = textsOf(test).filter((text) => tokenize(normalizeText(text)).length > 3);
    expect(phrasings.filter((text) => learntSet.has(normalizeText(text)))).toEqual([]);
    expect(phrasings.filter((text) => keywords.has(normalizeText(text)))).toEqual([]);
    const learntGrams = learnt.map(trigrams);
    const nearCopies = phrasings.filter((text) => {
      const grams = trigrams(text);
      return learntGrams.some((other) => nearCopy(grams, other));
    });
    expect(nearCopies).toEqual([]);
  });

  it('dev phrasings are not copies of training texts either', () => {
    const training = new Set(trainingTexts().map((text) => normalizeText(text)));
    expect(textsOf(dev).filter((text) => tokenize(normalizeText(text)).length > 3 && training.has(normalizeText(text)))).toEqual([]);
  });

  it('the near-copy check catches a lightly edited phrasing and passes a different one', () => {
    const original = trigrams('I sent my trail shoes back two weeks ago, where is the refund?');
    expect(nearCopy(original, trigrams('i sent my trail shoes back two weeks ago where is the refnd'))).toBe(true);
    expect(nearCopy(original, trigrams('has the money for the running shoes I returned arrived yet?'))).toBe(false);
  });
});
