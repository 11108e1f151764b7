/**
 * Trains the shipped router model from `data/intents.jsonl` and writes
 * `router-model.json`. Run: `npx tsx agents/models/offline/build-router.ts [out.json]`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { INTENTS } from '../../intents.ts';
import { saveClassifier, trainClassifier, type LabelledExample } from './classifier.ts';
import { INTENT_EXAMPLES, SHIPPED_ROUTER_MODEL } from './intent-router.ts';

const row = z.object({ text: z.string().min(1), label: z.enum(INTENTS as [string, ...string[]]), lang: z.string().min(2) });

/** Reads the labelled examples (JSON lines); a malformed line stops with its number. */
export function readExamples(path: string = INTENT_EXAMPLES): (LabelledExample & { lang: string })[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      const parsed = row.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${number}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
      return parsed.data;
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? SHIPPED_ROUTER_MODEL;
  const examples = readExamples();
  const started = performance.now();
  const model = trainClassifier(examples);
  saveClassifier(model, out);
  console.log(`trained on ${examples.length} examples, ${model.labels.length} intents, in ${Math.round(performance.now() - started)} ms: ${out}`);
}
