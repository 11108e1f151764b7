import { loadOfflineClassifier } from '../agents/models/offline/intent-router.ts';

const SAMPLES = [
  'when is my next payment due?',
  'where is my refund for order 1042?',
  "I don't recognise this charge",
  'my card was stolen',
  'I want to talk to a person',
  'var är mitt paket?',
  'wo ist meine Rückerstattung?',
  'hello',
];

/** Classifications per second of the shipped offline router, on one core. */
export function routerThroughput(seconds = 2): number {
  const classifier = loadOfflineClassifier();
  for (let index = 0; index < 2000; index++) classifier.classify(SAMPLES[index % SAMPLES.length]!);
  let count = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  while (performance.now() < until) {
    for (let index = 0; index < 100; index++) classifier.classify(SAMPLES[(count + index) % SAMPLES.length]!);
    count += 100;
  }
  return count / ((performance.now() - started) / 1000);
}
