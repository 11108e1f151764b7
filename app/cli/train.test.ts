import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../agents/models/offline/classifier.ts';
import { main } from './train.ts';
import { MULTILINGUAL_EXAMPLES } from '../../agents/models/offline/test-examples.ts';

const root = join(import.meta.dirname, '..', '..');
// A child process starts tsx and compiles the CLI: slow on a busy machine, so these tests wait longer.
const CHILD_PROCESS_TIMEOUT = 120_000;

/** Runs the CLI in this process (fast) and collects its output. */
const runHere = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  let stdout = '';
  let stderr = '';
  const code = main(args, env, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
};

/** Runs the CLI as a child process, as a user would. */
const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
  try {
    // The tsx binary that `npx tsx` runs, without npx's own start-up.
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['app/cli/train.ts', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

let dir: string;
let dataset: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
  dataset = join(dir, 'intents.jsonl');
  writeFileSync(dataset, MULTILINGUAL_EXAMPLES.map((example) => JSON.stringify({ text: example.text, intent: example.label })).join('\n'));
});

describe('npm run train', () => {
  it('trains on the file and saves where OFFLINE_MODEL_PATH says', async () => {
    const modelPath = join(dir, 'models', 'router.json');
    const result = await run(['--data', dataset], { OFFLINE_MODEL_PATH: modelPath });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^examples: 80$/m);
    expect(result.stdout).toMatch(/^labels: 5 \(cancel_order, greeting, human_agent, refund, track_order\)$/m);
    expect(result.stdout).toMatch(/^training time: \d+\.\d s$/m);
    expect(result.stdout).toContain(`saved to: ${modelPath}`);
    expect(loadClassifier(modelPath).classify('¿dónde está mi paquete?').label).toBe('track_order');
  }, CHILD_PROCESS_TIMEOUT);

  it('saves to --out over OFFLINE_MODEL_PATH, with a chosen label column', async () => {
    const csv = join(dir, 'topics.csv');
    writeFileSync(csv, 'text,label,topic\nrefund please,a,money\nmoney back,a,money\nwhere is it,b,delivery\ntrack parcel,b,delivery\n');
    const out = join(dir, 'out.json');
    const result = runHere(['--data', csv, '--out', out, '--label-column', 'topic'], { OFFLINE_MODEL_PATH: join(dir, 'unused.json') });
    expect(result.code).toBe(0);
    expect(loadClassifier(out).labels).toEqual(['delivery', 'money']);
  });

  it('rejects bad arguments with a usage message and exit code 2', async () => {
    for (const result of [await run(['--out', join(dir, 'never.json')]), runHere(['--data', dataset, '--bogus'])]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('npm run train -- --data FILE');
    }
  }, CHILD_PROCESS_TIMEOUT);

  it('exits 1 with a clear message for an unreadable file', async () => {
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'text,label\n"unterminated,x\n');
    const result = await run(['--data', broken, '--out', join(dir, 'never.json')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${broken}:2: unterminated quoted field`);
  }, CHILD_PROCESS_TIMEOUT);
});
