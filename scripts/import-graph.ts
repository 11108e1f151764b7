/**
 * The repository's import graph as the TypeScript compiler sees it: every module specifier
 * of every file in `tsconfig.json` (type-only imports, re-exports and dynamic imports
 * included), resolved to repository files. `npx tsx scripts/import-graph.ts` prints the
 * circles and the arrows between top-level folders; `test/boundaries.test.ts` fails on a circle.
 *
 * TypeScript 7 has no in-process compiler API: `typescript/unstable/sync` drives the native
 * compiler over a pipe, so loading the program takes a few seconds.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API } from 'typescript/unstable/sync';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** File → the repository files it imports (paths relative to the root, `/`-separated). */
export type ImportGraph = Map<string, Set<string>>;

const CANDIDATE_SUFFIXES = ['', '.ts', '.mts', '/index.ts'];

/** The repository file a relative specifier names, or undefined for a package or a file outside the graph. */
function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(ROOT, dirname(fromFile), specifier);
  // NodeNext lets a `.js` specifier stand for the `.ts` file beside it.
  const candidates = [...CANDIDATE_SUFFIXES.map((suffix) => base + suffix), base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts')];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found ? relative(ROOT, found).split('\\').join('/') : undefined;
}

/** Loads the program of `tsconfig.json` and collects each file's imports. */
export function loadImportGraph(tsconfig = join(ROOT, 'tsconfig.json')): ImportGraph {
  const api = new API({ cwd: ROOT });
  try {
    const snapshot = api.updateSnapshot({ openProject: tsconfig });
    const project = snapshot.getProjects()[0];
    if (!project) throw new Error(`TypeScript found no project in ${tsconfig}`);
    const graph: ImportGraph = new Map();
    for (const fileName of project.program.getSourceFileNames()) {
      const file = relative(ROOT, fileName).split('\\').join('/');
      if (file.startsWith('..') || file.includes('node_modules/')) continue;
      const source = project.program.getSourceFile(fileName);
      const targets = new Set<string>();
      for (const node of source?.imports ?? []) {
        const text = (node as { text?: unknown }).text;
        const target = typeof text === 'string' ? resolveSpecifier(file, text) : undefined;
        if (target && target !== file) targets.add(target);
      }
      graph.set(file, targets);
    }
    return graph;
  } finally {
    api.close();
  }
}

/**
 * Every circle of the graph, each once, as the files around it (first file repeated at the
 * end): one per strongly connected component of more than one file, shortest loop first.
 */
export function findCircles(graph: ImportGraph): string[][] {
  const circles: string[][] = [];
  for (const component of stronglyConnected(graph)) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    circles.push(shortestLoop(graph, start, members));
  }
  return circles;
}

/** Tarjan's algorithm, iterative so a deep graph cannot overflow the stack. */
function stronglyConnected(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; edges: string[]; next: number }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: [...(graph.get(node) ?? [])], next: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++]!;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself inside one component (breadth first). */
function shortestLoop(graph: ImportGraph, start: string, members: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}

/** Arrows between top-level folders (`src`, `channels`, `agents`...), counted by file-to-file import. */
export function folderArrows(graph: ImportGraph): Map<string, number> {
  const arrows = new Map<string, number>();
  const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const from = folderOf(file);
      const to = folderOf(target);
      if (from === to) continue;
      const key = `${from} -> ${to}`;
      arrows.set(key, (arrows.get(key) ?? 0) + 1);
    }
  }
  return arrows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = loadImportGraph();
  const circles = findCircles(graph);
  console.log(`${graph.size} files, ${[...graph.values()].reduce((sum, targets) => sum + targets.size, 0)} imports`);
  console.log(circles.length === 0 ? 'no circles' : `${circles.length} circle(s):\n${circles.map((circle) => `  ${circle.join(' -> ')}`).join('\n')}`);
  console.log('arrows between folders:');
  for (const [arrow, count] of [...folderArrows(graph)].sort()) console.log(`  ${arrow}: ${count}`);
}
