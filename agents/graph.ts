/**
 * The conversation graph, shared by every channel:
 *
 *   router ─► payments | refunds | disputes | orders | account | general ─► END
 *     ├─► END (a replayed message, or a turn the router answered itself)   │
 *     └─► handoff (the thread waits for a person) ◄────────────────────────┘ handoff ─► END
 *
 * The router node also does the intake (replay check, history, slots), and the node that
 * answers the turn (a specialist, or the router itself when the message was unclear or answered
 * what the assistant asked) ends with the escalation policy (`nodes/policy.ts`): every
 * super-step costs framework time (about 0.2-0.4 ms of CPU: a task, its config, a checkpoint
 * copy with its own id, the stream), so a turn is two of them. The router reads a message
 * first as the answer to what the assistant asked (`awaited/`: a yes or no,
 * which order, a rating...), then as a flow its own words call for (`flows/`:
 * a complaint, a double charge, a dispute's status), then by the intent router.
 * A specialist node runs the flow registered for the turn's intent, if any.
 *
 * Nodes name the next node themselves (a `Command`'s goto) rather than through conditional
 * edges: a conditional edge is one more runnable per super-step, and it reads the state "fresh"
 * (a checkpoint copy with its own id, the node's writes applied to copies of the channels)
 * although, with last-value channels only, that state is the node's input with its update on top.
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

/** Where the policy is due instead of a node (`afterRouter`'s answer for a turn the router answered itself). */
const POLICY = 'policy';

/**
 * A node, then the policy if the node leaves the turn to it, in one super-step; then the node that
 * `next` picks (one of `ends`, or END) from the state they leave: their input with their updates on top.
 */
function answering(node: Node, next: (state: State) => string, policy: Node, ends: readonly string[]) {
  return async (state: State, config: LangGraphRunnableConfig): Promise<Command> => {
    let update = await node(state, config);
    let goto = next({ ...state, ...update } as State);
    if (goto === POLICY) {
      update = { ...update, ...(await policy({ ...state, ...update } as State, config)) };
      goto = afterPolicy({ ...state, ...update } as State);
    }
    if (goto !== END && !ends.includes(goto)) throw new Error(`no node "${goto}" follows this node`);
    return new Command({ update, goto });
  };
}

const AFTER_ROUTER = [...ROUTES, 'handoff'] as const;
const AFTER_SPECIALIST = ['handoff'] as const;

/** Builds and compiles the graph on a checkpointer. */
export function buildAssistantGraph(deps: GraphDependencies, checkpointer: BaseCheckpointSaver) {
  const policy = timedNode('policy', createPolicyNode(deps));
  const specialist = (name: string, node: Node) => timedNode(name, answering(node, () => POLICY, policy, AFTER_SPECIALIST));
  // A node is added after the nodes it may go to (`ends`, for validation and drawing).
  return new StateGraph(AssistantState)
    .addNode('handoff', timedNode('handoff', createHandoffNode(deps)))
    .addNode('payments', specialist('payments', specialistNode(paymentsSpecialist)), { ends: [...AFTER_SPECIALIST] })
    .addNode('refunds', specialist('refunds', specialistNode(refundsSpecialist)), { ends: [...AFTER_SPECIALIST] })
    .addNode('disputes', specialist('disputes', specialistNode(disputesSpecialist)), { ends: [...AFTER_SPECIALIST] })
    .addNode('orders', specialist('orders', specialistNode(ordersSpecialist)), { ends: [...AFTER_SPECIALIST] })
    .addNode('account', specialist('account', specialistNode(accountSpecialist)), { ends: [...AFTER_SPECIALIST] })
    .addNode('general', specialist('general', specialistNode(createGeneralSpecialist(deps.knowledge))), { ends: [...AFTER_SPECIALIST] })
    .addNode('router', timedNode('router', answering(createRouterNode(deps), afterRouter, policy, AFTER_ROUTER)), { ends: [...AFTER_ROUTER] })
    .addEdge(START, 'router')
    .addEdge('handoff', END)
    .compile({ checkpointer });
}

export type AssistantGraph = ReturnType<typeof buildAssistantGraph>;
