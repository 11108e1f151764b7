import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { saveClassifier, trainClassifier } from '../../agents/models/offline/classifier.ts';

const root = join(import.meta.dirname, '..', '..');

/** `npm run eval -- ARGS` as CI runs it: a child process, its exit code and output. */
async function npmRunEval(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.LANGSMITH_API_KEY;
  try {
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsx'), ['evals/cli.ts', ...args], { cwd: root, env, maxBuffer: 8 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the eval thresholds in CI', () => {
  it('fail `npm run eval` with a degraded router model, while the shipped model passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'degraded-router-'));
    // A router trained on a handful of mislabelled examples: refunds look like greetings, payments like thanks.
    const degraded = trainClassifier([
      { text: 'where is my refund', label: 'greeting' },
      { text: 'when do I pay next', label: 'thanks' },
      { text: 'my card was stolen', label: 'greeting' },
      { text: 'hello there', label: 'thanks' },
      { text: 'track my parcel', label: 'greeting' },
      { text: 'thank you', label: 'greeting' },
    ]);
    const model = join(dir, 'degraded.json');
    saveClassifier(degraded, model);
    const [bad, good] = await Promise.all([
      npmRunEval(['--split', 'test', '--only', 'messages', '--model', model, '--no-report']),
      npmRunEval(['--split', 'test', '--no-report']),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/FAILED on test: .*routingAccuracy/);
    expect(bad.stdout).toMatch(/routingAccuracy\s+\d+\.\d%\s+>= \d+\.\d%\s+BELOW/);
    expect(good.stderr).not.toMatch(/FAILED/);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('all thresholds met on test');
  }, 300_000);
});
