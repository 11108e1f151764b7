/**
 * What LangGraph itself costs per turn, whatever the nodes do: graphs of 1 to 4 nodes in a row
 * that do nothing (one write each), on MemorySaver, invoked as the assistant invokes its graph
 * (`durability: 'exit'`, the untraced run context of agents/run-context.ts), with the assistant's
 * 16 state channels. CPU time per invoke, and per added super-step: the floor under the
 * "graph: LangGraph and tracing machinery" phase. The assistant's turn is two super-steps
 * (router, then a specialist and the policy), as is the naive app's graph.
 *
 * Run: `npx tsx bench/graph-floor.ts [invokes]`.
 */
import { Annotation, END, MemorySaver, START, StateGraph } from '@langchain/langgraph';
import { lightRunContextWhenUntraced } from '../agents/run-context.ts';

const CHANNELS = 16;
const invokes = Number(process.argv[2] ?? 2000);

lightRunContextWhenUntraced();

function chain(nodes: number) {
  const spec: Record<string, ReturnType<typeof Annotation<unknown>>> = {};
  for (let index = 0; index < CHANNELS; index++) spec[`c${index}`] = Annotation<unknown>();
  // The builder's types track each added node by name; a loop of them is typed loosely on purpose.
  let graph = new StateGraph(Annotation.Root(spec)) as unknown as StateGraph<unknown>;
  for (let index = 0; index < nodes; index++) graph = graph.addNode(`n${index}`, () => ({ [`c${index % CHANNELS}`]: index })) as typeof graph;
  graph = graph.addEdge(START, 'n0' as never) as typeof graph;
  for (let index = 1; index < nodes; index++) graph = graph.addEdge(`n${index - 1}` as never, `n${index}` as never) as typeof graph;
  return graph.addEdge(`n${nodes - 1}` as never, END).compile({ checkpointer: new MemorySaver() });
}

async function cpuPerInvoke(nodes: number): Promise<number> {
  const graph = chain(nodes);
  const state: Record<string, unknown> = {};
  for (let index = 0; index < CHANNELS; index++) state[`c${index}`] = { value: index, list: [1, 2, 3] };
  const invoke = (index: number, input: Record<string, unknown>) => graph.invoke(input, { configurable: { thread_id: `t${index % 50}` }, durability: 'exit' });
  for (let index = 0; index < 300; index++) await invoke(index, state);
  const started = process.cpuUsage();
  for (let index = 0; index < invokes; index++) await invoke(index, { c0: index });
  const used = process.cpuUsage(started);
  return (used.user + used.system) / invokes;
}

const results: number[] = [];
for (const nodes of [1, 2, 3, 4]) {
  results.push(await cpuPerInvoke(nodes));
  console.log(`${nodes} node${nodes > 1 ? 's' : ''} in a row: ${results.at(-1)!.toFixed(0)} µs CPU per invoke`);
}
console.log(`each super-step adds about ${((results[3]! - results[0]!) / 3).toFixed(0)} µs; a 3-step turn costs ${(results[2]! - results[1]!).toFixed(0)} µs more than a 2-step one`);
