/**
 * A real assistant for conversation tests: a temp SQLite file holding the
 * checkpoints (SqliteSaver) and the demo commerce tables, like the gateway's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { TurnCustomer, TurnResult } from '../../src/gateway/assistant.ts';
import { createAssistant, createDemoCommerce, type AssistantOptions } from '../../agents/index.ts';

export const ASTRID: TurnCustomer = { id: 'cust-astrid', role: 'customer', channel: 'cli', address: '+46701234567' };
export const LUKAS: TurnCustomer = { id: 'cust-lukas', role: 'customer', channel: 'whatsapp', address: '+4915112345678' };
export const MIA: TurnCustomer = { id: 'cust-mia', role: 'customer', channel: 'sms', address: '+14155550123' };
export const EMMA: TurnCustomer = { id: 'cust-emma', role: 'customer', channel: 'whatsapp', address: '+31612345678' };
export const OLIVER: TurnCustomer = { id: 'cust-oliver', role: 'customer', channel: 'sms', address: '+447700900123' };
export const NORA: TurnCustomer = { id: 'cust-nora', role: 'customer', channel: 'sms', address: '+4791234567' };
export const STAFF: TurnCustomer = { id: 'staff-sam', role: 'staff', channel: 'slack', address: 'U0SUPPORT1' };
export const BERLIN_MERCHANT: TurnCustomer = { id: 'merchant-berlin', role: 'merchant', channel: 'teams', address: 'aad-user-1', tenantId: '7b1c6f2e-5a3d-4c4e-9f10-00000000a002' };

export function createHarness(options: Partial<AssistantOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-assistant-'));
  const db = new Database(join(dir, 'switchboard.db'));
  db.pragma('journal_mode = WAL');
  const checkpointer = new SqliteSaver(db);
  const commerce = createDemoCommerce(db);
  const assistant = createAssistant({ checkpointer, commerce, ...options });
  const counters = new Map<string, number>();

  /** One message from `customer` on their own thread; returns the turn's result. */
  async function say(customer: TurnCustomer, text: string, extra: { threadId?: string; messageId?: string; action?: string; language?: string; market?: string } = {}): Promise<TurnResult> {
    const threadId = extra.threadId ?? `thread-${customer.id}`;
    const next = (counters.get(threadId) ?? 0) + 1;
    counters.set(threadId, next);
    return assistant.respond({
      threadId,
      messageId: extra.messageId ?? `${threadId}-m${next}`,
      text,
      ...(extra.action ? { action: extra.action } : {}),
      customer,
      language: extra.language ?? 'en',
      languageChosen: false,
      market: extra.market ?? (customer === LUKAS ? 'DE' : 'SE'),
      receivedAt: new Date(),
    });
  }

  /** The reply text of a turn (all replies joined). */
  const text = (result: TurnResult) => result.replies.map((reply) => reply.text).join('\n');

  return {
    db,
    commerce,
    checkpointer,
    assistant,
    say,
    text,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;
