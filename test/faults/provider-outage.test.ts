/**
 * A provider outage: the (fake) Twilio API answers 503 to everything for a while. Replies wait in
 * the outbox, retried with backoff; /metrics shows them pending meanwhile; once Twilio is back
 * every reply arrives, once, in order per customer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { report, until } from '../helpers/fault-load.ts';

const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'outage-auth-token';
const SMS_FROM = '+15550004444';
const PUBLIC_URL = 'https://switchboard.example.com';
/** Long enough for several backoff rounds (0.5, 1, 2, 4 s...) without making CI wait half a minute. */
const OUTAGE_MS = 10_000;

let api: FakeTwilioApi;
let gateway: RunningGateway;

beforeAll(async () => {
  api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  gateway = await startGateway({
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_API_URL: api.url,
    PUBLIC_URL,
    WEB_CHANNEL: 'off',
  });
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await api?.close();
});

async function pendingGauge(): Promise<number> {
  const text = await fetch(`${gateway.url}/metrics`).then((res) => res.text());
  return Number(/^switchboard_outbox_pending (\d+)/m.exec(text)?.[1] ?? NaN);
}

it('keeps replies through a 503 outage of the provider and delivers them all afterwards, in order', async () => {
  const customers = Array.from({ length: 6 }, (_, index) => `+4670555${String(index).padStart(4, '0')}`);
  const texts = ['where is my order?', 'when is my next payment due?', 'hello', 'thanks'];
  api.outage({ status: 503, code: 20503, message: 'Service Unavailable' });
  const outageStarted = Date.now();
  const sent = new Map<string, string[]>();
  for (const [index, text] of texts.entries()) {
    for (const customer of customers) {
      const sid = `SM${customer.slice(1)}x${index}`.padEnd(34, '0');
      const webhook = signedTwilioWebhook(`${PUBLIC_URL}/webhooks/twilio/sms`, smsParams(customer, SMS_FROM, text, sid), AUTH_TOKEN);
      const res = await fetch(`${gateway.url}/webhooks/twilio/sms`, { method: 'POST', headers: webhook.headers, body: webhook.body });
      expect(res.status).toBeLessThan(300);
      sent.set(customer, [...(sent.get(customer) ?? []), sid]);
    }
  }
  const total = customers.length * texts.length;

  // While Twilio is down the replies wait, and the operator can see them waiting.
  await until(async () => (await pendingGauge()) >= customers.length, 20_000, 'the pending outbox on /metrics');
  const peakPending = await pendingGauge();
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - outageStarted))));
  const requestsDuringOutage = api.requestCount;
  expect(api.messages).toHaveLength(0);
  api.outage(undefined);
  const recovered = Date.now();

  await api.waitForMessages(total, 90_000);
  const deliveredAfterMs = Date.now() - recovered;
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(api.messages).toHaveLength(total);
  const { outbox } = gateway.runtime.store;
  for (const customer of customers) {
    const rows = await outbox.listForRecipient('sms', customer, 0, 100);
    const bySid = new Map(rows.map((row) => [row.providerMessageId, row.replyTo]));
    const arrived = api.messages.filter((message) => message.to === customer).map((message) => bySid.get(message.sid));
    expect(arrived, `replies to ${customer}, in the order they reached Twilio`).toEqual(sent.get(customer));
    expect(rows.every((row) => row.status === 'sent' && row.meta?.error !== true)).toBe(true);
  }
  await until(async () => (await pendingGauge()) === 0, 10_000, 'the pending outbox to empty');
  report('provider-outage', { messages: total, faults: 1, outageMs: recovered - outageStarted, sendAttemptsDuringOutage: requestsDuringOutage, peakPendingOnMetrics: peakPending, lost: 0, doubled: api.messages.length - total, apologies: 0, deliveredAfterOutageMs: deliveredAfterMs });
}, 360_000);
