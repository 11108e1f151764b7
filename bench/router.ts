/**
 * The offline router's rows of the bench: classifications per CPU second of the
 * shipped model (the target is at least 10,000), and the time `npm run train`
 * takes to retrain it from the project's data (the target is under a minute).
 * CPU time, not wall time, so a machine busy with other work does not halve the figure.
 */
import { exampleFiles, readExamples, trainShippedRouter } from '../agents/models/offline/build-router.ts';
import { loadOfflineClassifier } from '../agents/models/offline/intent-router.ts';
import { resolveLanguage } from '../src/i18n/language.ts';
import { loadLanguageDetector } from '../src/i18n/detect.ts';

// Every turn loads the detector before its language decision; so does this row.
await loadLanguageDetector();

const SAMPLES = [
  'when is my next payment due?',
  'where is my refund for order 1042?',
  "I don't recognise this charge",
  'my card was stolen',
  'I want to talk to a person',
  'var är mitt paket?',
  'wo ist meine Rückerstattung?',
  'hello',
  'what is the weather like in Oslo tomorrow?',
  'quiero devolver las zapatillas, son pequeñas',
];

const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Classifications per CPU second of the shipped offline router, on one core. */
export function routerThroughput(seconds = 2): number {
  const classifier = loadOfflineClassifier();
  for (let index = 0; index < 2000; index++) classifier.classify(SAMPLES[index % SAMPLES.length]!);
  let count = 0;
  const started = cpuSeconds();
  while (cpuSeconds() - started < seconds) {
    for (let index = 0; index < 100; index++) classifier.classify(SAMPLES[(count + index) % SAMPLES.length]!);
    count += 100;
  }
  return count / (cpuSeconds() - started);
}

/** Language decisions per CPU second (detection, requests, stickiness): one runs on every message. */
export function languageThroughput(seconds = 1): number {
  for (let index = 0; index < 500; index++) resolveLanguage({ text: SAMPLES[index % SAMPLES.length]!, previous: 'sv', marketLanguage: 'sv' });
  let count = 0;
  const started = cpuSeconds();
  while (cpuSeconds() - started < seconds) {
    for (let index = 0; index < 100; index++) resolveLanguage({ text: SAMPLES[(count + index) % SAMPLES.length]!, previous: 'sv', marketLanguage: 'sv' });
    count += 100;
  }
  return count / (cpuSeconds() - started);
}

/** CPU seconds to retrain the shipped router from its data, as `npm run train` does (without saving). */
export function routerTrainingSeconds(): { seconds: number; examples: number } {
  const examples = exampleFiles().flatMap((file) => readExamples(file));
  const started = cpuSeconds();
  trainShippedRouter(examples);
  return { seconds: cpuSeconds() - started, examples: examples.length };
}

// `npx tsx bench/router.ts`: only the router rows.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const throughput = routerThroughput();
  const training = routerTrainingSeconds();
  process.stdout.write(`offline router: ${throughput.toFixed(0)} classifications per CPU second (target >= 10000)\noffline router training: ${training.seconds.toFixed(1)} CPU s for ${training.examples} examples (target < 60 s)\n`);
}
