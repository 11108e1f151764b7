/**
 * `npm run eval -- --out-of-scope FILE`: sends held-out questions that are not
 * about payments, orders or accounts through the whole gateway, each from a new
 * sender with no customer record (as an unknown web visitor is), and counts how
 * many got the polite out-of-scope answer with no tool and no escalation.
 *
 * FILE is CLINC150's `data_full.json` (the rows of `--key`, default `oos_test`),
 * or a CSV/JSONL file with a `text` column. The file is read from where it is:
 * held-out data never enters the repository or the training data.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GatewayError } from '../src/errors.ts';
import { resolveConfiguration } from './assistant/configs.ts';
import { PipelineFactory, quietLogger } from './assistant/pipeline.ts';
import { observe } from './assistant/runner.ts';
import { progressBar } from './assistant/terminal.ts';
import type { ObservedTurn } from './assistant/types.ts';
import type { CliIo } from './cli-io.ts';
import { DatasetError, readDataset } from './dataset.ts';

export const OUT_OF_SCOPE_USAGE = `usage: npm run eval -- --out-of-scope FILE [--key NAME] [--model MODEL] [--limit N] [--show N]
  --out-of-scope FILE  questions outside payments, orders and accounts: CLINC150's data_full.json, or CSV/JSONL with a text column
  --key NAME           which list of data_full.json (default oos_test; oos_val and oos_train are for tuning)
  --model MODEL        another offline router model (default: the shipped one)
  --limit N            only the first N questions
  --show N             print N of the questions that were not recognised (default 20)`;

const ClincFile = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

/** The questions of `file`: a CLINC150 list, or the text column of a CSV/JSONL file. */
export function readQuestions(file: string, key = 'oos_test'): string[] {
  if (!file.endsWith('.json')) return readDataset(file, { labelColumn: 'text' }).map((row) => row.text);
  let parsed;
  try {
    parsed = ClincFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new DatasetError(`cannot read the questions (${(error as Error).message})`, file);
  }
  if (!parsed.success) throw new DatasetError('expected CLINC150 data_full.json: lists of [text, label] pairs', file);
  const rows = parsed.data[key];
  if (!rows) throw new DatasetError(`no list named ${key} (there are: ${Object.keys(parsed.data).join(', ')})`, file);
  return rows.map(([text]) => text);
}

/** How one question was handled. */
export type OutOfScopeVerdict = 'recognised' | 'escalated' | 'acted' | 'answered_in_scope';

export function judgeOutOfScope(observed: ObservedTurn): OutOfScopeVerdict {
  if (observed.escalated || observed.waiting) return 'escalated';
  if (observed.tools.length > 0) return 'acted';
  return observed.intent === 'out_of_scope' ? 'recognised' : 'answered_in_scope';
}

export interface OutOfScopeReport {
  total: number;
  counts: Record<OutOfScopeVerdict, number>;
  missed: { text: string; verdict: OutOfScopeVerdict; intent: string; tools: string[] }[];
}

/** Runs every question as a new unknown sender on one gateway. */
export async function runOutOfScopeEval(
  questions: readonly string[],
  options: { modelPath?: string; env: NodeJS.ProcessEnv; onProgress?: (done: number, total: number) => void },
): Promise<OutOfScopeReport> {
  const configuration = resolveConfiguration('offline', options.env, options.modelPath ? { modelPath: options.modelPath } : {});
  const factory = new PipelineFactory({ config: configuration.config, classifier: configuration.classifier, logger: quietLogger });
  const counts: Record<OutOfScopeVerdict, number> = { recognised: 0, escalated: 0, acted: 0, answered_in_scope: 0 };
  const missed: OutOfScopeReport['missed'] = [];
  try {
    const pipeline = await factory.open();
    try {
      for (const [index, text] of questions.entries()) {
        const observed = observe(await pipeline.send(`visitor-${index + 1}`, text, `visitor-${index + 1}`));
        const verdict = judgeOutOfScope(observed);
        counts[verdict]++;
        if (verdict !== 'recognised') missed.push({ text, verdict, intent: observed.intent, tools: observed.tools });
        options.onProgress?.(index + 1, questions.length);
      }
    } finally {
      await pipeline.close();
    }
  } finally {
    factory.dispose();
  }
  return { total: questions.length, counts, missed };
}

const percent = (part: number, whole: number) => `${whole === 0 ? '0.0' : ((part / whole) * 100).toFixed(1)}%`;

export function formatOutOfScopeReport(report: OutOfScopeReport, source: string, show = 20): string {
  const { total, counts } = report;
  const lines = [
    `out of scope: ${source} (${total} questions, each from a new sender with no customer record)`,
    `recognised (polite out-of-scope answer, no tool, no escalation): ${counts.recognised} (${percent(counts.recognised, total)})`,
    `answered as an in-scope topic, no tool:                        ${counts.answered_in_scope} (${percent(counts.answered_in_scope, total)})`,
    `reached a tool:                                                ${counts.acted} (${percent(counts.acted, total)})`,
    `escalated to a person:                                         ${counts.escalated} (${percent(counts.escalated, total)})`,
  ];
  if (report.missed.length && show > 0) {
    lines.push('', `not recognised (first ${Math.min(show, report.missed.length)}):`);
    for (const miss of report.missed.slice(0, show)) lines.push(`  [${miss.verdict}, ${miss.intent}${miss.tools.length ? `, ${miss.tools.join(' ')}` : ''}] ${miss.text}`);
  }
  return lines.join('\n');
}

/** The command; returns its exit code (0 done, 1 failed, 2 bad arguments). */
export async function runOutOfScopeCommand(argv: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'out-of-scope': { type: 'string' }, key: { type: 'string' }, model: { type: 'string' }, limit: { type: 'string' }, show: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${OUT_OF_SCOPE_USAGE}\n`);
    return 2;
  }
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  const show = values.show === undefined ? 20 : Number(values.show);
  if (!values['out-of-scope'] || !(limit > 0) || !Number.isInteger(show) || show < 0) {
    io.stderr(`${values['out-of-scope'] ? '--limit and --show take whole numbers' : '--out-of-scope needs a file'}\n${OUT_OF_SCOPE_USAGE}\n`);
    return 2;
  }
  try {
    const file = values['out-of-scope'];
    const questions = readQuestions(file, values.key).slice(0, limit);
    const report = await runOutOfScopeEval(questions, {
      env,
      ...(values.model ? { modelPath: values.model } : {}),
      ...(io.progress ? { onProgress: progressBar(io.stderr, 'out of scope') } : {}),
    });
    io.stdout(`${formatOutOfScopeReport(report, file.endsWith('.json') ? `${file} ${values.key ?? 'oos_test'}` : file, show)}\n`);
    return 0;
  } catch (error) {
    io.stderr(error instanceof GatewayError ? `error: ${error.message}\n` : `error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
