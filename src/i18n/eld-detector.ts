import { eld } from 'eld/medium';

/**
 * eld with its medium n-gram tables: about 60 MiB of heap and 180 MiB of resident memory once
 * parsed, so only the thread that runs turns loads it (through `loadLanguageDetector`).
 * One unrestricted instance: eld's subset only filters the final scores, so filtering them in
 * detect.ts gives the restricted answer and the unsupported-language check from a single pass.
 */
export const detector = eld.newInstance();
detector.enableTextCleanup(true);
