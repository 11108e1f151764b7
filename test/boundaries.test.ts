import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCircles, loadImportGraph, type ImportGraph } from '../scripts/import-graph.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const PROVIDER_SDKS = ['twilio', '@slack/bolt', '@slack/web-api', 'botbuilder', 'botframework-connector', 'botbuilder-core'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(ROOT, dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(relative(ROOT, path));
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [relative(ROOT, path)] : [];
  });
}

/** Every TypeScript and JavaScript file the repository runs or tests, wherever it sits. */
function allCodeFiles(dir = '.'): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.') || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return allCodeFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

/** The compiler's import graph (type-only, re-exports and dynamic imports included), loaded once for the floor tests. */
let graph: ImportGraph | undefined;
const importGraph = () => (graph ??= loadImportGraph());
// The native compiler loads the whole program over a pipe: seconds, more on a busy machine.
const GRAPH_TIMEOUT = 120_000;

/** Every import from a file under one of `from` into a file under one of `to` (top-level folders), tests included. */
function arrows(from: string[], to: string[]): string[] {
  const floor = (file: string) => file.slice(0, file.indexOf('/'));
  return [...importGraph()]
    .filter(([file]) => from.includes(floor(file)))
    .flatMap(([file, targets]) => [...targets].filter((target) => to.includes(floor(target))).map((target) => `${file} imports ${target}`));
}

const offenders = (files: string[], forbidden: (specifier: string, file: string) => boolean) =>
  files.flatMap((file) => imports(file).filter((specifier) => forbidden(specifier, file)).map((specifier) => `${file} imports ${specifier}`));

describe('module boundaries', () => {
  it('keeps provider SDKs out of the core and the agents', () => {
    const isSdk = (specifier: string) => PROVIDER_SDKS.some((sdk) => specifier === sdk || specifier.startsWith(`${sdk}/`));
    expect(offenders([...sourceFiles('src'), ...sourceFiles('agents')], isSdk)).toEqual([]);
  });

  it('keeps the agents free of channels', () => {
    expect(offenders(sourceFiles('agents'), (specifier) => specifier.includes('channels/'))).toEqual([]);
  });

  it('keeps each channel out of the others (the shared Twilio folder serves sms and whatsapp)', () => {
    const channelOf = (path: string) => /channels\/([^/]+)\//.exec(path)?.[1];
    const allowed = (from: string, to: string) => from === to || (to === 'twilio' && (from === 'sms' || from === 'whatsapp'));
    const crossings = offenders(
      sourceFiles('channels').filter((file) => file.split('/').length > 2),
      (specifier, file) => {
        if (!specifier.startsWith('.')) return false;
        const target = channelOf(join(file, '..', specifier));
        const source = channelOf(file);
        return target !== undefined && source !== undefined && !allowed(source, target);
      },
    );
    expect(crossings).toEqual([]);
  });

  // The floors (docs/architecture.md): app/ composes; channels/ and agents/ stand on the core; the core, src/, on nothing above it.
  it(
    'keeps the core free of everything above it: nothing in src/ imports app/, channels/, agents/, evals/ or bench/',
    () => {
      expect(arrows(['src'], ['app', 'channels', 'agents', 'evals', 'bench'])).toEqual([]);
    },
    GRAPH_TIMEOUT,
  );

  it(
    'keeps channels and agents below the composition root and apart: neither imports app/, nor one the other',
    () => {
      expect(arrows(['channels', 'agents'], ['app'])).toEqual([]);
      expect(arrows(['channels'], ['agents'])).toEqual([]);
      expect(arrows(['agents'], ['channels'])).toEqual([]);
    },
    GRAPH_TIMEOUT,
  );

  it(
    'has no import circles, type-only imports included (npx tsx scripts/import-graph.ts draws them)',
    () => {
      // The search itself: a type-only circle of three files is found, a file importing into it is not part of it.
      const sample = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
      expect(findCircles(sample)).toEqual([['a', 'b', 'c', 'a']]);
      const graph = importGraph();
      // A graph that lost its edges would pass trivially: make sure the compiler really listed the imports.
      expect(graph.get('src/gateway/gateway.ts')).toContain('src/gateway/channel.ts');
      expect(graph.get('agents/state.ts')).toContain('agents/proposed-action.ts');
      // ...and the kinds the floor tests rely on: a dynamic import, a type-only import, an arrow between floors.
      expect(graph.get('app/cli/index.ts')).toContain('app/serve.ts');
      expect(graph.get('src/gateway/gateway.ts')).toContain('src/gateway/metrics.ts');
      expect(graph.get('app/runtime.ts')).toContain('channels/web/config.ts');
      expect(findCircles(graph).map((circle) => circle.join(' -> '))).toEqual([]);
    },
    GRAPH_TIMEOUT,
  );

  it('reads nothing outside the repository: a clone with nothing beside it runs and tests', () => {
    const escapes = allCodeFiles().flatMap((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const relativePaths = [...text.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)/g)].map((match) => match[1]!);
      const outside = relativePaths.filter((path) => relative(ROOT, resolve(ROOT, dirname(file), path)).startsWith('..'));
      const absolute = [...text.matchAll(/['"`](\/work\/[^'"`]*|[^'"`]*\/shared\/(?:fixtures|datasets)\/[^'"`]*)/g)].map((match) => match[1]!);
      return [...outside, ...absolute].map((path) => `${file} reads ${path}`);
    });
    expect(escapes).toEqual([]);
  });
});

