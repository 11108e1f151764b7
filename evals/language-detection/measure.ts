/**
 * Measures candidate language detectors on short support messages in the 11 languages.
 * Run: npx tsx evals/language-detection/measure.ts   (add --errors to list misses)
 */
import { performance } from 'node:perf_hooks';
import { loadLabelledMessages } from './dataset.ts';
import { LANGUAGES, loadCandidates, type Candidate } from './detectors.ts';
import { detectLanguage, loadLanguageDetector } from '../../src/i18n/detect.ts';

await loadLanguageDetector();

interface Row {
  name: string;
  mode: string;
  accuracy: number;
  perLanguage: Record<string, number>;
  microsPerMessage: number;
  /** Messages it named another language for. */
  wrong: number;
  /** Messages it gave no answer for ('' : too short or too close to call). */
  abstained: number;
  misses: string[];
}

const messages = loadLabelledMessages();
// Written after the Bokmål/Danish spelling rules, to check them on text they were not made from.
const bokmalDanish = loadLabelledMessages(new URL('./holdout-nb-da.tsv', import.meta.url));
const showErrors = process.argv.includes('--errors');

async function measure(candidate: Candidate, restricted: boolean): Promise<Row> {
  const hits: Record<string, number> = {};
  const misses: string[] = [];
  const started = performance.now();
  for (const message of messages) {
    const got = await candidate.detect(message.text, restricted);
    if (got === message.lang) hits[message.lang] = (hits[message.lang] ?? 0) + 1;
    else misses.push(`${message.lang}→${got || '?'}  ${message.text}`);
  }
  const elapsed = performance.now() - started;
  const perLanguage = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, (hits[lang] ?? 0) / messages.filter((m) => m.lang === lang).length]),
  );
  const total = Object.values(hits).reduce((sum, n) => sum + n, 0);
  return {
    name: candidate.name,
    mode: restricted ? 'restricted to 11' : 'all languages',
    accuracy: total / messages.length,
    perLanguage,
    microsPerMessage: (elapsed * 1000) / messages.length,
    wrong: misses.filter((miss) => !miss.includes('→?')).length,
    abstained: misses.filter((miss) => miss.includes('→?')).length,
    misses,
  };
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

async function main(): Promise<void> {
  const { candidates, unavailable } = loadCandidates();
  // The wrapper Switchboard ships (src/i18n/detect.ts): counted as a hit only when confident.
  const shipped: Candidate = {
    name: 'switchboard detect.ts',
    detect: (text) => detectLanguage(text).language ?? '',
  };
  const rows: Row[] = [];
  for (const candidate of candidates) {
    await candidate.detect('warm up', false);
    rows.push(await measure(candidate, false), await measure(candidate, true));
  }
  rows.push(await measure(shipped, true));
  console.log(`${messages.length} messages, ${LANGUAGES.length} languages\n`);
  console.log(`| detector | mode | accuracy | ${LANGUAGES.join(' | ')} | wrong | no answer | µs/msg |`);
  console.log(`|---|---|---|${LANGUAGES.map(() => '---').join('|')}|---|---|---|`);
  for (const row of rows) {
    const cells = LANGUAGES.map((lang) => percent(row.perLanguage[lang] ?? 0));
    console.log(`| ${row.name} | ${row.mode} | ${percent(row.accuracy)} | ${cells.join(' | ')} | ${row.wrong} | ${row.abstained} | ${row.microsPerMessage.toFixed(0)} |`);
  }
  console.log(`\nBokmål/Danish second set (${bokmalDanish.length} messages, holdout-nb-da.tsv):`);
  for (const candidate of [...candidates, shipped]) {
    let right = 0;
    for (const message of bokmalDanish) if ((await candidate.detect(message.text, true)) === message.lang) right += 1;
    console.log(`  ${candidate.name}: ${right}/${bokmalDanish.length}`);
  }
  for (const reason of unavailable) console.log(`\n${reason}`);
  if (showErrors) for (const row of rows) console.log(`\n${row.name} (${row.mode}):\n  ${row.misses.join('\n  ')}`);
}

await main();
