/**
 * Trains the shipped router model from every `data/intents*.jsonl` (English and the other
 * languages) and writes `router-model.json`, with the data's fingerprint beside it so a test
 * notices a model that is older than its data. Run: `npx tsx agents/models/offline/build-router.ts [out.json]`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The training files: `intents.jsonl` (English) and `intents.<lang>.jsonl`, in a stable order. */
export function exampleFiles(dir: string = dirname(INTENT_EXAMPLES)): string[] {
  return readdirSync(dir)
    .filter((name) => /^intents(\.[a-z]{2})?\.jsonl$/.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/** A fingerprint of all training data, recorded with the shipped model. */
export function dataFingerprint(files: string[] = exampleFiles()): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

export const FINGERPRINT_FILE = SHIPPED_ROUTER_MODEL.replace(/\.json$/, '.data-sha256');

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2] ?? SHIPPED_ROUTER_MODEL;
  const files = exampleFiles();
  const examples = files.flatMap((file) => readExamples(file));
  const started = performance.now();
  const model = trainClassifier(examples);
  saveClassifier(model, out);
  if (out === SHIPPED_ROUTER_MODEL) writeFileSync(FINGERPRINT_FILE, `${dataFingerprint(files)}\n`);
  console.log(`trained on ${examples.length} examples from ${files.length} files, ${model.labels.length} intents, in ${Math.round(performance.now() - started)} ms: ${out}`);
}
