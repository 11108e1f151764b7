/**
 * Named eval configurations (`evals/configs.json`): environment overrides such as
 * `MODEL_MODE=tiered`, applied over the process environment. A name that is not
 * in the file but is a path to a saved router model evaluates that model offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { loadOfflineClassifier } from '../../agents/models/offline/intent-router.ts';
import type { IntentClassifier } from '../../agents/models/offline/classifier.ts';
import { loadConfig, type Config } from '../../app/config.ts';
import { ValidationError } from '../../src/errors.ts';

export const CONFIGS_FILE = new URL('../configs.json', import.meta.url).pathname;

const ConfigEntry = z.object({
  description: z.string().optional(),
  env: z.record(z.string(), z.string()).default({}),
  /** Variables that must be set for this configuration to run. */
  requires: z.array(z.string()).default([]),
});
const ConfigFile = z.record(z.string(), ConfigEntry);

/** A configuration ready to run: the parsed gateway config and the router model. */
export interface EvalConfiguration {
  name: string;
  config: Config;
  classifier: IntentClassifier;
  /** The router model file, when not the shipped one. */
  modelPath?: string;
}

export function readConfigFile(file = CONFIGS_FILE): z.infer<typeof ConfigFile> {
  return ConfigFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/**
 * Resolves a configuration name (or a model path) against `env`. The eval always
 * runs turns on this thread (TURN_WORKERS=0) with logs off; `modelPath` overrides
 * the router model of any configuration.
 */
export function resolveConfiguration(name: string, env: NodeJS.ProcessEnv, options: { modelPath?: string; file?: string } = {}): EvalConfiguration {
  const entries = readConfigFile(options.file);
  const entry = entries[name];
  let modelPath = options.modelPath;
  let overrides: Record<string, string> = {};
  if (entry) {
    const missing = entry.requires.filter((variable) => !env[variable]);
    if (missing.length) throw new ValidationError(`configuration "${name}" needs ${missing.join(', ')} (${entry.description ?? 'see evals/configs.json'})`);
    overrides = entry.env;
  } else if (existsSync(name)) {
    modelPath ??= name;
    overrides = { MODEL_MODE: 'offline' };
  } else {
    throw new ValidationError(`unknown configuration "${name}": use one of ${Object.keys(entries).join(', ')} (evals/configs.json) or a router model file`);
  }
  const config = loadConfig({ ...env, ...overrides, TURN_WORKERS: '0', LOG_LEVEL: 'silent' });
  const path = modelPath ?? config.OFFLINE_MODEL_PATH;
  return { name, config, classifier: loadOfflineClassifier(...(path ? [path] : [])), ...(path ? { modelPath: path } : {}) };
}
