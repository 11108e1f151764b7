import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** The entry points the bench starts for the gateway and for the naive app it is compared with. */
export interface BenchEntries {
  gateway: string;
  naive: string;
  /** How they run, for the report. */
  how: string;
}

/** The node flags `npm run start:dist` runs the built gateway with (the Dockerfile's CMD has the same ones). */
export function deployedNodeFlags(): string[] {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
  return (scripts['start:dist'] ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Run from the TypeScript sources under tsx, as `npm start` does. */
export const FROM_SOURCES: BenchEntries = {
  gateway: 'app/main.ts',
  naive: 'bench/baselines/langgraph-express.ts',
  how: 'gateway and naive app from the TypeScript sources under tsx (as npm start runs)',
};

const run = (args: string[]) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed with ${result.status}`);
};

/**
 * Builds the gateway as deployed (`npm run build` into dist/, run with plain node as
 * `npm run start:dist` and the Dockerfile do: no tsx loader in the process or in its turn
 * workers), and compiles the naive app the same way beside it, so both run compiled.
 */
export function buildForBench(): BenchEntries {
  run([join(root, 'scripts/build.mjs')]);
  run([
    join(root, 'node_modules/typescript/bin/tsc'),
    '--ignoreConfig',
    ...['--outDir', 'dist/bench', '--rootDir', 'bench', '--module', 'nodenext', '--target', 'es2022', '--types', 'node'],
    ...['--rewriteRelativeImportExtensions', '--allowImportingTsExtensions', '--skipLibCheck', '--esModuleInterop'],
    'bench/baselines/langgraph-express.ts',
  ]);
  return {
    gateway: 'dist/app/main.js',
    naive: 'dist/bench/baselines/langgraph-express.js',
    how: `gateway and naive app compiled (npm run build: node ${[...deployedNodeFlags(), 'dist/app/main.js'].join(' ')} without tsx, as npm run start:dist and the Dockerfile run it; --from-sources for tsx)`,
  };
}
