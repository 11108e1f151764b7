/**
 * A/B of a turn's CPU between two checkouts of this repository, in one process: each tree's own
 * assistant on its own SQLite store (as `app/assistant-factory.ts` builds it), web guests' turns
 * as the phases bench sends them (`respond`, then the checkpoint prune of `runTurn`), the two
 * variants alternating in random order, `process.cpuUsage` around each turn. Running both in
 * one process cancels most of a busy machine's drift, which separate runs do not.
 * With SWITCHBOARD_BENCH_PHASES=1 it also prints each variant's phases (each tree loads its own
 * `src/gateway/phases.ts`). Code shared by both trees (node_modules, process-wide patches such
 * as agents/run-context.ts, installed by whichever tree loads last) is not compared.
 *
 * Run: `npx tsx bench/turn-ab.ts BASE_TREE OTHER_TREE [turns]`, e.g. after
 * `git worktree add --detach /tmp/base main && ln -s "$PWD/node_modules" /tmp/base/`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type * as Agents from '../agents/index.ts';
import type * as Phases from '../src/gateway/phases.ts';
import type * as StoreModule from '../src/store/open.ts';
import type { SqliteStore } from '../src/store/sqlite.ts';

const TEXTS = ['how long do I have to return something?', 'what does a late payment cost?', 'hello', 'do you do a credit check?', 'thanks!'];
const PEOPLE = 100;
const WARMUP = 200;
const BLOCK = 200;

const trees = [process.argv[2], process.argv[3]].map((tree) => resolve(tree ?? '.'));
const turns = Number(process.argv[4] ?? 2000);

interface Variant {
  turn(): Promise<void>;
  phases: typeof Phases;
}

async function variant(tree: string): Promise<Variant> {
  const { openStore } = (await import(join(tree, 'src/store/open.ts'))) as typeof StoreModule;
  const { createAssistant, createDemoCommerce, KnowledgeBase } = (await import(join(tree, 'agents/index.ts'))) as typeof Agents;
  const phases = (await import(join(tree, 'src/gateway/phases.ts'))) as typeof Phases;
  const store = (await openStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'turn-ab-')), 'ab.db')}`)) as SqliteStore;
  const assistant = createAssistant({
    checkpointer: phases.timedMethods(store.checkpointer, 'checkpoint', ['getTuple', 'put', 'putWrites']),
    commerce: createDemoCommerce(store.db),
    knowledge: new KnowledgeBase({}),
  });
  let sent = 0;
  return {
    phases,
    async turn() {
      const n = sent++;
      const person = `p${n % PEOPLE}`;
      const text = TEXTS[(n + Math.floor(n / PEOPLE)) % TEXTS.length]!;
      const customer = { id: `c-${person}`, role: 'customer' as const, channel: 'web' as const, address: person, guest: true };
      const input = { threadId: `t-${person}`, messageId: `m${n}`, text, customer, language: 'en', languageChosen: false, languageGuessed: true, market: 'SE', receivedAt: new Date() };
      await phases.timed('graph: LangGraph and tracing machinery', () => assistant.respond(input));
      await phases.timed('checkpoint prune', () => store.pruneCheckpoints(input.threadId, 3));
    },
  };
}

const variants = [await variant(trees[0]!), await variant(trees[1]!)] as const;
for (let index = 0; index < WARMUP; index++) for (const { turn } of variants) await turn();
for (const { phases } of variants) phases.resetPhases();

const cpuUs = [0, 0];
const blockRatios: number[] = [];
let blockStart = [0, 0];
for (let index = 1; index <= turns; index++) {
  for (const which of Math.random() < 0.5 ? [0, 1] : [1, 0]) {
    const before = process.cpuUsage();
    await variants[which]!.turn();
    const used = process.cpuUsage(before);
    cpuUs[which]! += used.user + used.system;
  }
  if (index % BLOCK === 0) {
    blockRatios.push((cpuUs[1]! - blockStart[1]!) / (cpuUs[0]! - blockStart[0]!));
    blockStart = [...cpuUs];
  }
}

const [a, b] = cpuUs.map((us) => us / turns) as [number, number];
console.log(`CPU per turn: A ${a.toFixed(0)} µs (${trees[0]}), B ${b.toFixed(0)} µs (${trees[1]}), B - A ${(b - a).toFixed(0)} µs, B / A ${(b / a).toFixed(3)}`);
console.log(`B / A per ${BLOCK} turns: ${blockRatios.map((ratio) => ratio.toFixed(2)).join(' ')}`);
if (variants[0].phases.phasesEnabled) {
  const [phasesA, phasesB] = variants.map(({ phases }) => phases.phaseSnapshot().phases);
  // Each tree's `unattributed` holds the other tree's turns: left out.
  for (const phase of new Set([...Object.keys(phasesA!), ...Object.keys(phasesB!)].filter((name) => name !== 'unattributed'))) {
    const perTurn = (tallies: typeof phasesA) => ((tallies![phase]?.cpuUs ?? 0) / turns).toFixed(0);
    console.log(`  ${phase}: A ${perTurn(phasesA)} µs, B ${perTurn(phasesB)} µs`);
  }
}
