/**
 * Model mode: a chat model writes the answer from the retrieved sections only,
 * citing them as [n], or says NO_ANSWER when they do not answer the question.
 * The instructions are a versioned prompt file (`agents/prompts/<name>.md`), so
 * two prompts can be compared in the evals (`npm run eval -- --compare`).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, type AIMessage } from '@langchain/core/messages';
import { maskSensitive } from '../pii.ts';
import type { Source } from './retrieve.ts';

export const PROMPTS_DIR = new URL('../prompts/', import.meta.url).pathname;
export const DEFAULT_KB_PROMPT = 'kb-answer.v1';

/** The text of a versioned prompt; a missing one names the files that exist. */
export function readPrompt(name: string, dir = PROMPTS_DIR): string {
  if (!/^[\w.-]+$/.test(name) || !existsSync(`${dir}${name}.md`)) {
    throw new Error(`no prompt "${name}" in agents/prompts/ (KNOWLEDGE_PROMPT names a file there without .md, such as ${DEFAULT_KB_PROMPT})`);
  }
  return readFileSync(`${dir}${name}.md`, 'utf8').trim();
}

export interface WriteRequest {
  question: string;
  language: string;
  sources: readonly Source[];
}

export type Written =
  /** The answer, with the (1-based) numbers of the sections it cites. */
  | { kind: 'answer'; text: string; cited: number[] }
  /** The model found no answer in the sections. */
  | { kind: 'no_answer' }
  /** The model failed (timeout, error, empty output). */
  | { kind: 'failed'; failure: string };

export interface KnowledgeWriter {
  /** The prompt version, for the turn's meta and the eval report. */
  readonly prompt: string;
  write(request: WriteRequest): Promise<Written>;
}

function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** The numbered sections as the model sees them. */
export function sectionsMessage(request: WriteRequest): string {
  const blocks = request.sources.map((source, index) => `[${index + 1}] ${source.article.title} — ${source.section.heading}\n${source.section.text}`);
  return `Sections:\n\n${blocks.join('\n\n')}\n\nCustomer's question:\n${maskSensitive(request.question)}`;
}

/** The cited section numbers of an answer (only those that exist), and its text without the markers. */
export function parseCitations(content: string, count: number): { text: string; cited: number[] } {
  const cited = [...new Set([...content.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1])))].filter((n) => n >= 1 && n <= count);
  const text = content.replace(/\s*\[\d+\](?:\s*\[\d+\])*/g, '').replace(/[ \t]+\n/g, '\n').trim();
  return { text, cited };
}

export interface ModelWriterOptions {
  model: BaseChatModel;
  prompt?: string;
  timeoutMs: number;
}

export function modelKnowledgeWriter(options: ModelWriterOptions): KnowledgeWriter {
  const prompt = options.prompt ?? DEFAULT_KB_PROMPT;
  const instructions = readPrompt(prompt);
  return {
    prompt,
    async write(request) {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(new Error('timeout'));
        }, options.timeoutMs);
      });
      let message: AIMessage;
      try {
        const system = instructions.replaceAll('{{language}}', request.language).replaceAll('{{languageName}}', languageName(request.language));
        message = (await Promise.race([options.model.invoke([new SystemMessage(system), new HumanMessage(sectionsMessage(request))], { signal: controller.signal }), deadline])) as AIMessage;
      } catch (error) {
        return { kind: 'failed', failure: controller.signal.aborted ? 'timeout' : (error as Error).message.slice(0, 200) };
      } finally {
        clearTimeout(timer);
      }
      const content = typeof message.content === 'string' ? message.content.trim() : '';
      if (!content) return { kind: 'failed', failure: 'empty answer' };
      if (/^NO_ANSWER\b/.test(content)) return { kind: 'no_answer' };
      return { kind: 'answer', ...parseCitations(content, request.sources.length) };
    },
  };
}
