/**
 * The assistant as the gateway sees it: `createAssistant` builds the
 * conversation graph on a checkpointer and a commerce backend and answers one
 * turn at a time; `resume` hands a paused thread back after a person handled it.
 */
import { Command, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { Assistant, TurnInput, TurnMeta, TurnResult } from '../src/gateway/assistant.ts';
import type { ReplyDraft } from '../src/gateway/messages.ts';
import { createDemoCommerce } from './commerce/demo-backend.ts';
import { createHttpCommerce } from './commerce/http-backend.ts';
import type { CommerceBackend } from './commerce/types.ts';
import { DEFAULT_ESCALATION_RULES, type EscalationRules } from './escalation.ts';
import { buildAssistantGraph } from './graph.ts';
import { loadOfflineClassifier, offlineIntentRouter } from './models/offline/intent-router.ts';
import type { IntentClassifier } from './models/offline/classifier.ts';
import type { ModelSettings } from './models/llm-config.ts';
import { createIntentRouter, createOpenAIChatModel } from './models/openai.ts';
import { KnowledgeBase, sharedKnowledgeBase } from './knowledge-base.ts';
import { modelKnowledgeWriter, type KnowledgeWriter } from './knowledge/model-writer.ts';
import type { IntentRouter } from './models/types.ts';
import { HandoffResolution } from './nodes/handoff.ts';
import type { TurnContext } from './nodes/context.ts';
import { traceTurns } from './tracing.ts';
import { lightRunContextWhenUntraced } from './run-context.ts';
import { maskSensitive } from './pii.ts';
import type { State } from './state.ts';
import { Toolbox } from './tools/toolbox.ts';
import { marketByCode } from '../src/i18n/markets.ts';

export { createDemoCommerce, createHttpCommerce, HandoffResolution };
export { createIntentRouter, KnowledgeBase };
export type { KnowledgeWriter };
export type { CommerceBackend, EscalationRules, IntentRouter, ModelSettings };
export type { EscalationTicket } from './state.ts';

/** The part of a pino logger the assistant uses. */
export interface AssistantLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface AssistantOptions {
  checkpointer: BaseCheckpointSaver;
  commerce: CommerceBackend;
  /** The offline intent classifier; default: the shipped router model. */
  classifier?: IntentClassifier;
  /** Replaces the classifier entirely (an LLM or tiered router). */
  intentRouter?: IntentRouter;
  /** The model settings (`modelSettingsFrom(config)`): offline, openai or tiered. Ignored when `intentRouter` is given. */
  model?: ModelSettings;
  /** Recent messages kept verbatim (default 12). */
  historyWindow?: number;
  rules?: Partial<EscalationRules>;
  logger?: AssistantLogger;
  /** The company's articles (`KNOWLEDGE_DIR`); default: the demo company's, shipped in `knowledge/`. */
  knowledge?: KnowledgeBase;
  /** Writes policy answers from the retrieved sections; default: the model of `model` in openai and tiered modes, none offline. */
  knowledgeWriter?: KnowledgeWriter;
  /** The versioned prompt the model writes those answers with (`agents/prompts/<name>.md`). */
  knowledgePrompt?: string;
}

/** Where a thread stands, for the gateway and console. */
export interface ThreadStatus {
  paused: boolean;
  ticket?: State['ticket'];
}

export interface SwitchboardAssistant extends Assistant {
  /** Resumes a thread paused for a person; returns the assistant's follow-up. */
  resume(threadId: string, resolution: HandoffResolution): Promise<TurnResult>;
  status(threadId: string): Promise<ThreadStatus>;
}

const NO_META: TurnMeta = { route: 'general', intent: 'none', confidence: 0, escalated: false, tools: [] };

export function createAssistant(options: AssistantOptions): SwitchboardAssistant {
  lightRunContextWhenUntraced();
  const intentRouter =
    options.intentRouter ??
    (options.model
      ? createIntentRouter(options.model, { ...(options.classifier ? { classifier: options.classifier } : {}), ...(options.logger ? { logger: options.logger } : {}) })
      : offlineIntentRouter(options.classifier ?? loadOfflineClassifier()));
  const settings = options.model;
  const knowledgeWriter =
    options.knowledgeWriter ??
    (settings && settings.mode !== 'offline' && settings.apiKey
      ? modelKnowledgeWriter({ model: createOpenAIChatModel({ ...settings, maxTokens: 300 }), timeoutMs: settings.timeoutMs, ...(options.knowledgePrompt ? { prompt: options.knowledgePrompt } : {}) })
      : undefined);
  const knowledge = { base: options.knowledge ?? sharedKnowledgeBase(), ...(knowledgeWriter ? { writer: knowledgeWriter } : {}) };
  const graph = buildAssistantGraph(
    { intentRouter, historyWindow: options.historyWindow ?? 12, rules: { ...DEFAULT_ESCALATION_RULES, ...options.rules }, knowledge },
    options.checkpointer,
  );
  const threadConfig = (threadId: string) => ({ configurable: { thread_id: threadId } });
  // Trace labels (LangSmith, when LANGSMITH_TRACING and a key are set; without them nothing is sent).
  const traceConfig = (threadId: string, labels: { channel: string; market: string; language: string; role: string }) => ({
    runName: 'switchboard_turn',
    metadata: { ...labels, thread_id: threadId },
    tags: [`channel:${labels.channel}`, `market:${labels.market}`, `language:${labels.language}`, `role:${labels.role}`],
  });

  function result(state: State, input: { language: string; languageChosen: boolean }): TurnResult {
    const meta = state.meta ?? NO_META;
    const replies: ReplyDraft[] = (state.replies ?? []).map((reply) => ({ ...reply, meta: reply.meta ?? meta }));
    return { replies, language: state.language ?? input.language, languageChosen: input.languageChosen, meta };
  }

  /**
   * The market of a turn: the verified customer's (or merchant's) own record decides it on
   * every channel; the gateway's guess from the phone number only serves senders with none.
   */
  async function ownMarket(toolbox: Toolbox, fallback: string): Promise<{ market: string; currency?: string; name?: string }> {
    const subject = await toolbox.subject().catch(() => undefined);
    if (subject?.kind === 'customer') return { market: subject.customer.market, currency: subject.customer.currency, name: subject.customer.name };
    if (subject?.kind === 'merchant') return { market: subject.merchant.market };
    return { market: fallback };
  }

  const respond = traceTurns(async (input: TurnInput): Promise<TurnResult> => {
    // Actions are keyed by the inbox message: a turn run again for the same message acts once.
    const toolbox = new Toolbox(options.commerce, input.customer, input.messageId);
    const { market, currency, name } = await ownMarket(toolbox, input.market);
    // With no word of the language yet (a first "hi" on the web), the customer's own market speaks, not the sender's guess.
    const language = input.languageGuessed && market !== input.market ? (marketByCode(market)?.language ?? input.language) : input.language;
    const context: TurnContext = { identity: input.customer, toolbox, language, market, ...(currency ? { currency } : {}) };
    const state = (await graph.invoke(
      { incoming: { messageId: input.messageId, text: maskSensitive(input.text), ...(input.action ? { action: input.action } : {}) } },
      {
        ...threadConfig(input.threadId),
        ...traceConfig(input.threadId, { channel: input.customer.channel, market, language, role: input.customer.role }),
        context,
        durability: 'exit',
      },
    )) as State;
    const turn = { ...result(state, { ...input, language }), market, ...(name ? { customerName: name } : {}) };
    if (turn.meta.escalated) options.logger?.info({ threadId: input.threadId, reason: turn.meta.escalationReason, route: turn.meta.route }, 'conversation escalated');
    return turn;
  });

  return {
    respond,

    async marketOf(customer) {
      // A look-up only: no action is taken, so the idempotency key is never used.
      return (await ownMarket(new Toolbox(options.commerce, customer, 'market-lookup'), '')).market || undefined;
    },

    async resume(threadId, resolution) {
      const parsed = HandoffResolution.parse(resolution);
      const snapshot = await graph.getState(threadConfig(threadId));
      const values = snapshot.values as State;
      const waiting = snapshot.tasks.some((task) => task.interrupts.length > 0);
      const input = { language: values.language ?? 'en', languageChosen: false };
      // Resuming twice (a retried request) finds nothing waiting: the follow-up already given stands.
      if (!waiting) return result(values, input);
      const identity = { id: values.customerId, role: values.role, channel: 'web' as const, address: '' };
      // The paused checkpoint names this resume: a retried resume of the same pause keys its actions alike.
      const resumeKey = `resume:${threadId}:${String(snapshot.config.configurable?.checkpoint_id ?? '')}`;
      const context: TurnContext = { identity, toolbox: new Toolbox(options.commerce, identity, resumeKey), language: input.language, market: values.market };
      const labels = { channel: 'handoff', market: values.market, language: input.language, role: values.role };
      const state = (await graph.invoke(new Command({ resume: parsed }), { ...threadConfig(threadId), ...traceConfig(threadId, labels), context, durability: 'exit' })) as State;
      options.logger?.info({ threadId, resolved: parsed.resolved }, 'conversation resumed');
      return result(state, input);
    },

    async status(threadId) {
      const snapshot = await graph.getState(threadConfig(threadId));
      const values = snapshot.values as Partial<State>;
      return { paused: values.paused === true, ...(values.ticket ? { ticket: values.ticket } : {}) };
    },
  };
}
