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
 */
import { END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
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
import { AssistantState } from './state.ts';
import { timedNode } from './tracing.ts';

/** Builds and compiles the graph on a checkpointer. */
export function buildAssistantGraph(deps: GraphDependencies, checkpointer: BaseCheckpointSaver) {
  return new StateGraph(AssistantState)
    .addNode('router', timedNode('router', createRouterNode(deps)))
    .addNode('payments', timedNode('payments', specialistNode(paymentsSpecialist)))
    .addNode('refunds', timedNode('refunds', specialistNode(refundsSpecialist)))
    .addNode('disputes', timedNode('disputes', specialistNode(disputesSpecialist)))
    .addNode('orders', timedNode('orders', specialistNode(ordersSpecialist)))
    .addNode('account', timedNode('account', specialistNode(accountSpecialist)))
    .addNode('general', timedNode('general', specialistNode(createGeneralSpecialist(deps.knowledge))))
    .addNode('policy', timedNode('policy', createPolicyNode(deps)))
    .addNode('handoff', timedNode('handoff', createHandoffNode(deps)))
    .addEdge(START, 'router')
    .addConditionalEdges('router', afterRouter, [...ROUTES, 'policy', 'handoff', END])
    .addEdge('payments', 'policy')
    .addEdge('refunds', 'policy')
    .addEdge('disputes', 'policy')
    .addEdge('orders', 'policy')
    .addEdge('account', 'policy')
    .addEdge('general', 'policy')
    .addConditionalEdges('policy', afterPolicy, ['handoff', END])
    .addEdge('handoff', END)
    .compile({ checkpointer });
}

export type AssistantGraph = ReturnType<typeof buildAssistantGraph>;
