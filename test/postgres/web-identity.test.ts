import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { claimsHashOf, webVisitor } from '../helpers/web-identity.ts';
import { freshDatabase } from './database.ts';

// Web identities stored on PostgreSQL: guests in their own namespace, a vouched-for phone number on the SMS thread.
const SECRET = 'postgres-site-secret-0123456789abcdef';
const ACCOUNT_SID = 'AC44444444444444444444444444444444';
const AUTH_TOKEN = 'pg-web-identity-auth-token';
const SMS_FROM = '+15550005555';
const PUBLIC_URL = 'https://switchboard.example.com';

let database: Awaited<ReturnType<typeof freshDatabase>>;
let twilio: FakeTwilioApi;
let gateway: RunningGateway;
let web: ReturnType<typeof webVisitor>;

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await freshDatabase();
  twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  gateway = await startGateway({
    DATABASE_URL: database.url,
    WEB_IDENTITY_SECRET: SECRET,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_API_URL: twilio.url,
    PUBLIC_URL,
  });
  web = webVisitor(gateway.url);
});
afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
  await database?.drop();
});

describe('web identity on PostgreSQL', () => {
  it('stores a guest who named a phone number in the guest namespace, never under the number', async () => {
    const guest = await web.asGuest({ userId: '+46701234567', text: 'when is my next payment due?' });
    expect(guest.text).toContain('sign in on the site');
    const identities = await query<{ namespace: string; address: string }>('SELECT namespace, address FROM identities');
    expect(identities).toContainEqual({ namespace: 'web-guest', address: guest.userId });
    expect(identities.some((identity) => identity.address === '+46701234567')).toBe(false);
  });

  it('puts a signed-in visitor whose site vouches for her number on her SMS thread: one conversation', async () => {
    const sms = signedTwilioWebhook(`${PUBLIC_URL}/webhooks/twilio/sms`, smsParams('+46701234567', SMS_FROM, 'I want to dispute a purchase'), AUTH_TOKEN);
    expect((await fetch(`${gateway.url}/webhooks/twilio/sms`, { method: 'POST', body: sms.body, headers: sms.headers })).status).toBe(200);
    await twilio.waitForMessages(1, 30_000);
    const claims = { phone: '+46701234567' };
    const reply = await web.asSignedIn(SECRET, 'shop-user-42', 'the jacket', { claims, claimsHash: claimsHashOf(SECRET, 'shop-user-42', claims) });
    expect(reply).toMatch(/Down jacket/);
    const threads = await query<{ thread_id: string }>(
      "SELECT DISTINCT thread_id FROM inbox WHERE message::json->>'senderAddress' IN ('+46701234567', 'shop-user-42')",
    );
    expect(threads).toHaveLength(1);
  });
});
