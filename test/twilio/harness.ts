import { join } from 'node:path';
import type { Server } from 'node:http';
import express from 'express';
import type { AcceptResult, ChannelAdapter, ChannelContext, DeliveryStatusReport } from '../../src/gateway/channel.ts';
import type { InboundMessage, OutboundMessage } from '../../src/gateway/messages.ts';
import { createLogger } from '../../src/log.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { createSmsChannel } from '../../channels/sms/index.ts';
import { createWhatsAppChannel } from '../../channels/whatsapp/index.ts';
import type { TwilioConfig } from '../../channels/twilio/config.ts';
import { startFakeTwilioApi, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { tempDir } from '../helpers/temp-dir.ts';

export const AUTH_TOKEN = 'test-auth-token';
export const ACCOUNT_SID = 'AC11111111111111111111111111111111';
export const SMS_FROM = '+15550001111';
export const WHATSAPP_FROM = '+14155238886';
export const PUBLIC_URL = 'https://support.example.com';

/** Both Twilio adapters on a bare Express app, a recording `accept`, real SQLite state and the fake API. */
export interface Harness {
  url: string;
  api: FakeTwilioApi;
  store: SqliteStore;
  sms: ChannelAdapter;
  whatsapp: ChannelAdapter;
  /** Every message `accept` received, duplicates included. */
  accepted: InboundMessage[];
  reports: DeliveryStatusReport[];
  clock: { now: Date };
  post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string; type: string | null }>;
  close(): Promise<void>;
}

export async function startHarness(extra: Partial<TwilioConfig> = {}): Promise<Harness> {
  const api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const store = openSqliteStore(`sqlite:${join(tempDir(), 'state.db')}`);
  const accepted: InboundMessage[] = [];
  const seen = new Set<string>();
  const reports: DeliveryStatusReport[] = [];
  const clock = { now: new Date('2025-03-01T10:00:00Z') };
  const ctx: ChannelContext = {
    state: store.channelState,
    logger: createLogger({ level: 'silent' }),
    reportDelivery: async (report) => void reports.push(report),
  };
  const config: TwilioConfig = {
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_WHATSAPP_FROM: `whatsapp:${WHATSAPP_FROM}`,
    TWILIO_MESSAGING_SERVICE_SID: undefined,
    TWILIO_API_URL: api.url,
    PUBLIC_URL,
    ...extra,
  };
  const now = () => clock.now;
  const sms = createSmsChannel(config, ctx, { now });
  const whatsapp = createWhatsAppChannel(config, ctx, { now });
  const accept = async (message: InboundMessage): Promise<AcceptResult> => {
    accepted.push(message);
    const key = `${message.channel}:${message.providerMessageId}`;
    const duplicate = seen.has(key);
    seen.add(key);
    return { id: key, duplicate };
  };
  const app = express();
  const router = express.Router();
  sms.mount(router, accept);
  whatsapp.mount(router, accept);
  app.use(router);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    api,
    store,
    sms,
    whatsapp,
    accepted,
    reports,
    clock,
    async post(path, body, headers) {
      const response = await fetch(`${url}${path}`, { method: 'POST', body, headers });
      return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
      await store.close();
    },
  };
}

let outboxSeq = 0;

/** An outbox row as the core hands it to `send`. */
export function outbound(fields: Partial<OutboundMessage> & Pick<OutboundMessage, 'channel' | 'recipientAddress' | 'text'>): OutboundMessage {
  outboxSeq += 1;
  return { id: `out-${outboxSeq}`, language: 'en', createdAt: new Date(), ...fields };
}
