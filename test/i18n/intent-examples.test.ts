import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { detectLanguage, loadLanguageDetector } from '../../src/i18n/detect.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';

await loadLanguageDetector();

/**
 * The offline router's training examples in the 10 languages besides English
 * (`agents/models/offline/data/intents.<lng>.jsonl`): every label of the English file is
 * covered with at least 12 phrasings, and the rows are really in the language of their file.
 */
const DATA = new URL('../../agents/models/offline/data/', import.meta.url).pathname;
const row = z.object({ text: z.string().min(1), label: z.string().min(1), lang: z.string() });
type Row = z.infer<typeof row>;

function read(file: string): Row[] {
  // A root `data/` rule in .gitignore once hid this folder from git: say so rather than ENOENT.
  if (!existsSync(`${DATA}${file}`)) throw new Error(`agents/models/offline/data/${file} is missing (is it ignored by git?)`);
  return readFileSync(`${DATA}${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = row.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

const englishLabels = [...new Set(read('intents.jsonl').map((r) => r.label))].sort();
const others = SUPPORTED_LANGUAGES.filter((language) => language !== 'en');

describe.each(others)('intent examples in %s', (language) => {
  const rows = read(`intents.${language}.jsonl`);

  it('cover every label of the English examples with at least 12 phrasings', () => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
    const short = englishLabels.filter((label) => (counts.get(label) ?? 0) < 12);
    expect(short, `labels with fewer than 12 ${language} examples`).toEqual([]);
    expect([...counts.keys()].filter((label) => !englishLabels.includes(label)), 'labels unknown in English').toEqual([]);
  });

  it('are labelled with their language and written in it', () => {
    expect(rows.every((r) => r.lang === language)).toBe(true);
    const sentences = rows.filter((r) => detectLanguage(r.text).letters >= 20);
    const detected = sentences.filter((r) => {
      const best = detectLanguage(r.text).best;
      // short Bokmål and Danish share most words: either counts for the other
      return best === language || (['nb', 'da'].includes(language) && ['nb', 'da'].includes(best ?? ''));
    });
    expect(sentences.length).toBeGreaterThan(40);
    expect(detected.length / sentences.length).toBeGreaterThanOrEqual(0.85);
  });
});
