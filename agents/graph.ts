/**
 * The conversation graph, shared by every channel:
 *
 *   router ─► payments | refunds | disputes | orders | account | general ─► policy ─► END
 *     │  └───────────── (unclear: clarifying question) ─────────────────►  │
 *     ├─► END (a replayed message: the stored replies stand)               ▼
 *     └─► handoff (the thread waits for a person) ◄─────────────────── handoff ─► END
 *
 * The router node also does the intake (replay check, history, slots): every
 * superstep costs framework time, so a turn is three of them. It reads a message
 * first as the answer to what the assistant asked (`awaited/`: a yes or no,
 * which order, a rating...), then as a flow its own words call for (`flows/`:
 * a complaint, a double charge, a dispute's status), then by the intent router.
 * A specialist node runs the flow registered for the turn's intent, if any.
 *
 * The router and policy nodes name the next node themselves (a `Command`'s goto) rather than
 * through conditional edges: a conditional edge is one more runnable per super-step, and it reads
 * the state "fresh" (a checkpoint copy with its own id, the node's writes applied to copies of
 * the channels) although, with last-value channels only, that state is the node's input with its
 * update on top.
 */
import { Command, END, START, StateGraph, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { ROUTES } from './intents.ts';
import { afterPolicy, createPolicyNode } from './nodes/policy.ts';
import { afterRouter, createRouterNode } from './nodes/router.ts';
import { createHandoffNode } from './nodes/handoff.ts';
import { specialistNode } from './nodes/specialist.ts';
import type { GraphDependencies } from './nodes/context.ts';
import { accountSpecialist } from './specialists/account.ts';
import { disputesSpecialist } from './specialists/disputes.ts';
import { createGeneralSpecialist } from './specialists/general.ts';
import { ordersSpecialist } from './specialists/orders.ts';
import { paymentsSpecialist } from './specialists/payments.ts';
import { refundsSpecialist } from './specialists/refunds.ts';
import { AssistantState, type State, type StateUpdate } from './state.ts';
import { timedNode } from './tracing.ts';

type Node = (state: State, config: LangGraphRunnableConfig) => StateUpdate | Promise<StateUpdate>;

/** A node followed by the node `next` picks from the state it leaves (its input with its update on top): one of `ends`, or END. */
function thenGoTo(node: Node, next: (state: State) => string, ends: readonly string[]) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<Command> => {
    const update = await node(state, config);
    const goto = next({ ...state, ...update } as State);
    if (goto !== END && !ends.includes(goto)) throw new Error(`no node "${goto}" follows this node`);
    return new Command({ update, goto });
  };
}

const AFTER_ROUTER = [...ROUTES, 'policy', 'handoff'] as const;
const AFTER_POLICY = ['handoff'] as const;

/** Builds and compiles the graph on a checkpointer. */
export function buildAssistantGraph(deps: GraphDependencies, checkpointer: BaseCheckpointSaver) {
  // A node is added after the nodes it may go to (`ends`, for validation and drawing).
  return new StateGraph(AssistantState)
    .addNode('handoff', timedNode('handoff', createHandoffNode(deps)))
    .addNode('policy', timedNode('policy', thenGoTo(createPolicyNode(deps), afterPolicy, AFTER_POLICY)), { ends: [...AFTER_POLICY] })
    .addNode('payments', timedNode('payments', specialistNode(paymentsSpecialist)))
    .addNode('refunds', timedNode('refunds', specialistNode(refundsSpecialist)))
    .addNode('disputes', timedNode('disputes', specialistNode(disputesSpecialist)))
    .addNode('orders', timedNode('orders', specialistNode(ordersSpecialist)))
    .addNode('account', timedNode('account', specialistNode(accountSpecialist)))
    .addNode('general', timedNode('general', specialistNode(createGeneralSpecialist(deps.knowledge))))
    .addNode('router', timedNode('router', thenGoTo(createRouterNode(deps), afterRouter, AFTER_ROUTER)), { ends: [...AFTER_ROUTER] })
    .addEdge(START, 'router')
    .addEdge('payments', 'policy')
    .addEdge('refunds', 'policy')
    .addEdge('disputes', 'policy')
    .addEdge('orders', 'policy')
    .addEdge('account', 'policy')
    .addEdge('general', 'policy')
    .addEdge('handoff', END)
    .compile({ checkpointer });
}

export type AssistantGraph = ReturnType<typeof buildAssistantGraph>;
