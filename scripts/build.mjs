// `npm run build [-- --out DIR]`: compiles the gateway to dist/ (imports rewritten from .ts to
// .js) and copies the files it reads at run time beside the compiled code, in the same layout,
// so that `node dist/app/main.js` needs neither tsx nor TypeScript.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const dist = resolve(values.out ?? join(root, 'dist'));
/** Training data and tests are not needed to run. */
const SKIPPED = new Set(['agents/models/offline/data', 'src/gateway/turn-worker-entry.mjs']);

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', dist], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

let copied = 0;
function copyAssets(dir) {
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (SKIPPED.has(path)) continue;
    if (statSync(join(root, path)).isDirectory()) copyAssets(path);
    else if (!name.endsWith('.ts')) {
      // A file beside the code must not take the place of a compiled module (page.js next to page.ts).
      if (existsSync(join(dist, path))) throw new Error(`${path} has the name of a compiled module (from a .ts file beside it): rename one of them`);
      cpSync(join(root, path), join(dist, path));
      copied++;
    }
  }
}
for (const dir of ['app', 'src', 'channels', 'agents']) copyAssets(dir);
cpSync(join(root, 'locales'), join(dist, 'locales'), { recursive: true });
// The demo company's help articles: the knowledge base when KNOWLEDGE_DIR names no other folder.
cpSync(join(root, 'knowledge'), join(dist, 'knowledge'), { recursive: true });
if (!existsSync(join(dist, 'app/main.js'))) throw new Error('dist/app/main.js was not built');
process.stdout.write(`built ${relative(process.cwd(), dist) || '.'}: compiled TypeScript and ${copied} files it reads (pages, queue rules, router model, prompts), plus locales/ and knowledge/\n`);
