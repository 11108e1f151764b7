/**
 * The graph driven by LangChain's fake chat models instead of the offline
 * router: a scripted tool-calling model (FakeListChatModel whose script entries
 * become `route_message` calls) and the plain FakeListChatModel answering JSON
 * text. The same seam as ChatOpenAI, without a server.
 */
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { ChatResult } from '@langchain/core/outputs';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { llmIntentRouter, ROUTE_TOOL } from '../../agents/models/llm-router.ts';
import { loadOfflineClassifier, offlineIntentRouter } from '../../agents/models/offline/intent-router.ts';
import { tieredIntentRouter } from '../../agents/models/tiered-router.ts';
import type { IntentRouter } from '../../agents/models/types.ts';
import { ASTRID, createHarness, type Harness } from './harness.ts';

/** Script entries: a route call, a thrown error, or plain text. */
const call = (args: { intent: string } & Record<string, unknown>) => `CALL ${JSON.stringify(args)}`;
const fail = (message: string) => `THROW ${message}`;

/** FakeListChatModel that answers with tool calls and records what it was sent. */
class ScriptedToolCallingModel extends FakeListChatModel {
  readonly seen: BaseMessage[][] = [];
  boundTools: unknown[] = [];

  override bindTools(tools: unknown[]) {
    this.boundTools = tools;
    return this.withConfig({});
  }

  override async _generate(messages: BaseMessage[], options?: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    this.seen.push(messages);
    const next = this._currentResponse();
    if (next.startsWith('THROW ')) {
      this._incrementResponse();
      throw new Error(next.slice(6));
    }
    return super._generate(messages, options, runManager);
  }

  override _formatGeneration(text: string) {
    if (!text.startsWith('CALL ')) return { message: new AIMessage(text), text };
    const args = JSON.parse(text.slice(5)) as Record<string, unknown>;
    return { message: new AIMessage({ content: '', tool_calls: [{ name: ROUTE_TOOL, args, id: `call_${this.i}`, type: 'tool_call' }] }), text: '' };
  }
}

let offline: IntentRouter;
let h: Harness | undefined;
beforeAll(() => {
  offline = offlineIntentRouter(loadOfflineClassifier());
});
afterEach(() => h?.close());

function withModel(model: FakeListChatModel, timeoutMs = 2_000): Harness {
  return createHarness({ intentRouter: llmIntentRouter({ model, fallback: offline, timeoutMs }) });
}

describe('a scripted tool-calling model drives the graph', () => {
  it('routes what the offline model cannot, and fills the order number the patterns missed', async () => {
    const message = 'is 1043 on its way?';
    h = createHarness({ intentRouter: offline });
    const offlineTurn = await h.say(ASTRID, message);
    expect(offlineTurn.meta.intent).not.toBe('order_status');
    h.close();

    h = withModel(new ScriptedToolCallingModel({ responses: [call({ intent: 'order_status', order_id: '1043', confidence: 0.93 })] }));
    const result = await h.say(ASTRID, message);
    expect(result.meta).toMatchObject({ route: 'orders', intent: 'order_status', confidence: 0.93, tools: ['get_order'], decidedBy: 'llm', escalated: false });
    expect(h.text(result)).toContain('Down jacket');
  });

  it('keeps a conversation going turn after turn, each turn recording who decided and what ran', async () => {
    const model = new ScriptedToolCallingModel({
      responses: [call({ intent: 'greeting' }), call({ intent: 'refund_status', order_id: '1042' }), call({ intent: 'payment_schedule' })],
    });
    h = withModel(model);
    const turns = [await h.say(ASTRID, 'hej'), await h.say(ASTRID, 'money back for 1042?'), await h.say(ASTRID, 'and what do I owe?')];
    expect(turns.map((turn) => [turn.meta.route, turn.meta.intent, turn.meta.decidedBy])).toEqual([
      ['general', 'greeting', 'llm'],
      ['refunds', 'refund_status', 'llm'],
      ['payments', 'payment_schedule', 'llm'],
    ]);
    expect(turns[1]!.meta.tools).toContain('get_order');
    expect(h.text(turns[1]!)).toContain('return of order 1042');
    expect(turns[2]!.meta.tools).toEqual(['get_payment_schedule']);
    // The third call saw the two earlier exchanges, masked and without the identity.
    const third = model.seen[2]!.map((message) => String(message.content)).join('\n');
    expect(third).toContain('money back for 1042?');
    expect(third).not.toMatch(/cust-astrid|c-astrid|\+46701234567/);
  });

  it('card numbers are masked before the model sees them', async () => {
    const model = new ScriptedToolCallingModel({ responses: [call({ intent: 'card_block' })] });
    h = withModel(model);
    await h.say(ASTRID, 'please block 4242-4242-4242-4242 now');
    const sent = model.seen[0]!.map((message) => String(message.content)).join('\n');
    expect(sent).not.toContain('4242-4242-4242-4242');
    expect(sent).toContain('**** **** **** 4242');
  });
});

describe('when the model fails, the offline router answers', () => {
  it('an intent outside the list, and a thrown error, both fall back with an answer', async () => {
    h = withModel(new ScriptedToolCallingModel({ responses: [call({ intent: 'wire_money_abroad' }), fail('connection reset')] }));
    const invented = await h.say(ASTRID, 'where is my order 1043');
    expect(invented.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFallback: true, modelFailure: 'invalid_output' });
    expect(h.text(invented)).toContain('Down jacket');
    const thrown = await h.say(ASTRID, 'when is my next payment due?', { threadId: 'another-thread' });
    expect(thrown.meta).toMatchObject({ intent: 'payment_schedule', decidedBy: 'fallback', modelFailure: 'error' });
    expect(h.text(thrown)).toContain('799,00');
  });

  it('a model slower than the budget is not waited for', async () => {
    h = withModel(new ScriptedToolCallingModel({ responses: [call({ intent: 'greeting' })], sleep: 3_000 }), 300);
    const started = performance.now();
    const result = await h.say(ASTRID, 'where is my order 1043');
    // Well before the model's 3 s: the budget cut it off.
    expect(performance.now() - started).toBeLessThan(2_900);
    expect(result.meta).toMatchObject({ intent: 'order_status', decidedBy: 'fallback', modelFailure: 'timeout' });
  });
});

describe('other model shapes', () => {
  it('a model without tool calls that answers JSON text (FakeListChatModel as is) routes too', async () => {
    h = withModel(new FakeListChatModel({ responses: ['Sure! {"intent": "delivery_tracking", "order_id": "1043"}'] }));
    const result = await h.say(ASTRID, 'package 1043, any news?');
    expect(result.meta).toMatchObject({ intent: 'delivery_tracking', decidedBy: 'llm', tools: ['get_order'] });
    expect(h.text(result)).toContain('PN104300001SE');
  });

  it('tiered: the model is asked only when the offline router is unsure', async () => {
    const model = new ScriptedToolCallingModel({ responses: [call({ intent: 'order_status', order_id: '1043' })] });
    h = createHarness({ intentRouter: tieredIntentRouter({ offline, llm: llmIntentRouter({ model, fallback: offline, timeoutMs: 2_000 }), threshold: 0.7 }) });
    const sure = await h.say(ASTRID, 'when is my next payment due?');
    expect(sure.meta.decidedBy).toBe('offline');
    expect(model.seen).toHaveLength(0);
    const unsure = await h.say(ASTRID, 'is 1043 on its way?');
    expect(unsure.meta).toMatchObject({ decidedBy: 'llm', intent: 'order_status' });
    expect(model.seen).toHaveLength(1);
  });

  it('model calls carry the turn\'s channel, market, language and thread as trace metadata', async () => {
    const traced: { tags?: string[]; metadata?: Record<string, unknown> }[] = [];
    const handler = {
      handleChatModelStart(_llm: unknown, _messages: unknown, _runId: string, _parentRunId?: string, _extra?: unknown, tags?: string[], metadata?: Record<string, unknown>) {
        traced.push({ tags, metadata });
      },
    };
    h = withModel(new ScriptedToolCallingModel({ responses: [call({ intent: 'greeting' })], callbacks: [handler] }));
    await h.say(ASTRID, 'hello', { threadId: 'traced-thread', market: 'SE', language: 'sv' });
    expect(traced[0]?.metadata).toMatchObject({ channel: 'cli', market: 'SE', language: 'sv', thread_id: 'traced-thread', role: 'customer' });
    expect(traced[0]?.tags).toEqual(expect.arrayContaining(['channel:cli', 'market:SE', 'language:sv']));
  });

  it('a chosen button is a rule, not a model decision', async () => {
    const model = new ScriptedToolCallingModel({ responses: [call({ intent: 'greeting' })] });
    h = withModel(model);
    const result = await h.say(ASTRID, 'Order status', { action: 'intent:order_status' });
    expect(result.meta).toMatchObject({ intent: 'order_status', decidedBy: 'rule' });
    expect(model.seen).toHaveLength(0);
  });
});
