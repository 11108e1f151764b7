/**
 * The knowledge-base part of `npm run eval`: retrieval (hit@1, MRR, questions
 * no article answers declined) on the dev and test question sets, and, when
 * the configuration has a model (openai, tiered), the faithfulness of the
 * answers it writes (the grounding check). Thresholds (`thresholds.json`
 * beside this file) apply to test. `--compare A B` shows two configurations
 * (two prompts, say) side by side.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { KnowledgeBase, sharedKnowledgeBase } from '../../agents/knowledge-base.ts';
import { modelKnowledgeWriter, type KnowledgeWriter } from '../../agents/knowledge/model-writer.ts';
import { modelSettingsFrom } from '../../agents/models/llm-config.ts';
import { createOpenAIChatModel } from '../../agents/models/openai.ts';
import type { Config } from '../../app/config.ts';
import { GatewayError } from '../../src/errors.ts';
import { SPLITS, type Split } from '../datasets/schema.ts';
import { resolveConfiguration } from '../assistant/configs.ts';
import { knowledgeFile, readKnowledgeQuestions } from './dataset.ts';
import { faithfulnessRecords, knowledgeMetrics, retrievalRecords, type FaithfulnessRecord, type KnowledgeMetrics } from './metrics.ts';

export const KNOWLEDGE_THRESHOLDS_FILE = new URL('./thresholds.json', import.meta.url).pathname;

const MetricName = z.enum(['hitAt1', 'mrr', 'declineRate', 'faithfulness']);
type MetricName = z.infer<typeof MetricName>;
const Thresholds = z.object({ min: z.partialRecord(MetricName, z.number().min(0).max(1)).default({}) });

export interface KnowledgeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** The writer a configuration's model mode asks for, or none offline. */
export function writerFor(config: Config): KnowledgeWriter | undefined {
  const settings = modelSettingsFrom(config);
  if (settings.mode === 'offline' || !settings.apiKey) return undefined;
  return modelKnowledgeWriter({ model: createOpenAIChatModel({ ...settings, maxTokens: 300 }), timeoutMs: settings.timeoutMs, prompt: config.KNOWLEDGE_PROMPT });
}

export interface KnowledgeRun {
  metrics: KnowledgeMetrics;
  misses: string[];
  unfaithful: FaithfulnessRecord[];
}

/** Runs one split for one configuration. */
export async function runKnowledgeSplit(base: KnowledgeBase, split: Split, writer?: KnowledgeWriter): Promise<KnowledgeRun> {
  const questions = readKnowledgeQuestions(knowledgeFile(split));
  const records = retrievalRecords(base, questions);
  const faithfulness = writer ? await faithfulnessRecords(base, writer, questions) : undefined;
  const misses = records
    .filter((record) => (record.question.article ? record.rank !== 1 : record.ranked.length > 0))
    .map((record) => `${record.question.id} "${record.question.text}": expected ${record.question.article ?? 'no article'}, got ${record.ranked.join(', ') || 'no article'}`);
  return { metrics: knowledgeMetrics(records, faithfulness), misses, unfaithful: faithfulness?.filter((record) => record.verdict === 'ungrounded') ?? [] };
}

const LABELS: Record<MetricName, string> = { hitAt1: 'hit@1', mrr: 'MRR', declineRate: 'unanswerable declined', faithfulness: 'faithfulness (model)' };
const cell = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3)).padStart(8);

export async function runKnowledgeCommand(argv: string[], io: KnowledgeIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { split: { type: 'string' }, config: { type: 'string' }, compare: { type: 'string' }, transcripts: { type: 'boolean' } }, strict: false, allowPositionals: true });
  try {
    const base = (config: Config) => (config.KNOWLEDGE_DIR ? new KnowledgeBase({ dir: config.KNOWLEDGE_DIR }) : sharedKnowledgeBase());
    if (typeof values.compare === 'string') {
      const names = [values.compare, positionals[0] ?? ''];
      const runs: KnowledgeMetrics[] = [];
      for (const name of names) {
        const { config } = resolveConfiguration(name, io.env);
        runs.push((await runKnowledgeSplit(base(config), 'test', writerFor(config))).metrics);
      }
      io.stdout(`\nknowledge base, test: ${names[0]} vs ${names[1]}\n${'metric'.padEnd(24)}${names[0]!.padStart(12)}${names[1]!.padStart(12)}\n`);
      for (const metric of MetricName.options) io.stdout(`${LABELS[metric].padEnd(24)}${cell(runs[0]![metric]).padStart(12)}${cell(runs[1]![metric]).padStart(12)}\n`);
      return 0;
    }
    const name = typeof values.config === 'string' ? values.config : 'offline';
    const { config } = resolveConfiguration(name, io.env);
    const writer = writerFor(config);
    const splits = typeof values.split === 'string' ? [values.split as Split] : [...SPLITS];
    const results = new Map<Split, KnowledgeRun>();
    for (const split of splits) results.set(split, await runKnowledgeSplit(base(config), split, writer));
    const thresholds = Thresholds.parse(JSON.parse(readFileSync(KNOWLEDGE_THRESHOLDS_FILE, 'utf8')));
    const test = results.get('test');
    io.stdout(`\nknowledge base eval: ${name}${writer ? ` (model answers, prompt ${writer.prompt})` : ' (offline: answers quote the article)'}\n`);
    io.stdout(`${'metric'.padEnd(24)}${splits.map((split) => split.padStart(8)).join('')}   threshold (test)\n`);
    const failed: string[] = [];
    for (const metric of MetricName.options) {
      const limit = thresholds.min[metric];
      const value = test?.metrics[metric];
      const verdict = limit === undefined || value === undefined ? '' : value >= limit ? `≥ ${limit} ok` : `≥ ${limit} FAILED`;
      if (limit !== undefined && value !== undefined && value < limit) failed.push(`${metric} ${value} < ${limit}`);
      io.stdout(`${LABELS[metric].padEnd(24)}${splits.map((split) => cell(results.get(split)?.metrics[metric])).join('')}   ${verdict}\n`);
    }
    io.stdout(`${'questions'.padEnd(24)}${splits.map((split) => String(results.get(split)!.metrics.questions).padStart(8)).join('')}\n`);
    if (!writer) io.stdout('faithfulness is measured in model mode: --config openai or tiered (OPENAI_API_KEY, OPENAI_BASE_URL)\n');
    // Dev's misses help whoever writes the articles; test's stay unread, so nothing is written from them.
    const dev = results.get('dev');
    if (dev?.misses.length && values.transcripts) io.stdout(`\ndev misses:\n${dev.misses.map((line) => `  ${line}`).join('\n')}\n`);
    for (const [split, run] of results) {
      for (const record of run.unfaithful) io.stdout(`unfaithful (${split}) ${record.question.id}: ${record.problems?.join('; ')}: "${record.answer}"\n`);
    }
    if (failed.length) {
      io.stderr(`\nFAILED on test (knowledge base): ${failed.join('; ')}\n`);
      return 1;
    }
    if (test) io.stdout('knowledge base: all thresholds met on test\n');
    return 0;
  } catch (error) {
    io.stderr(error instanceof GatewayError ? `error: ${error.message}\n` : `error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
