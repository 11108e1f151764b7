import express from 'express';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { END, MemorySaver, MessagesAnnotation, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';

/**
 * The naive app a team would write instead of the gateway: Express, a two-node LangGraph graph
 * (classify, answer) over the messages state, and a checkpointer (`CHECKPOINTER=sqlite` on
 * `CHECKPOINT_FILE`, or `memory`), answering inside the request on the gateway's route and body.
 * No identity, no durable inbox or outbox, no retries, no handoff: the cost floor the gateway's
 * durability and multi-agent graph are compared with.
 */
function sqliteSaver(): SqliteSaver {
  const saver = SqliteSaver.fromConnString(process.env.CHECKPOINT_FILE ?? ':memory:');
  // WAL (set by the saver) with the gateway's own synchronous setting: the same durability, so the
  // comparison is CPU for CPU (the default, FULL, waits for the disk on every checkpoint).
  saver.db.pragma('synchronous = NORMAL');
  return saver;
}
const checkpointer: BaseCheckpointSaver = process.env.CHECKPOINTER === 'memory' ? new MemorySaver() : sqliteSaver();

const INTENTS: [RegExp, string][] = [
  [/refund/i, 'refunds'],
  [/payment|due|invoice/i, 'payments'],
  [/order|deliver|arrive/i, 'orders'],
];
const ANSWERS: Record<string, string> = {
  refunds: 'Refunds reach your account within 5 business days of the return arriving.',
  payments: 'Your next payment is due on the 28th.',
  orders: 'Your order is on its way.',
  general: 'Hello! How can I help?',
};

const graph = new StateGraph(MessagesAnnotation)
  .addNode('classify', (state) => {
    const text = String(state.messages.at(-1)?.content ?? '');
    return { messages: [new AIMessage({ content: '', additional_kwargs: { intent: INTENTS.find(([pattern]) => pattern.test(text))?.[1] ?? 'general' } })] };
  })
  .addNode('answer', (state) => ({ messages: [new AIMessage(ANSWERS[String(state.messages.at(-1)?.additional_kwargs.intent)] ?? ANSWERS.general!)] }))
  .addEdge(START, 'classify')
  .addEdge('classify', 'answer')
  .addEdge('answer', END)
  .compile({ checkpointer });

const app = express();
app.post('/webhooks/web', express.json(), async (req, res) => {
  const { userId, text } = (req.body ?? {}) as { userId?: string; text?: string };
  if (!userId || !text) return void res.status(400).json({ error: 'userId and text are required' });
  const state = await graph.invoke({ messages: [new HumanMessage(text)] }, { configurable: { thread_id: userId } });
  res.json({ reply: String(state.messages.at(-1)?.content ?? '') });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
