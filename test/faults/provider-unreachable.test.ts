/**
 * The Twilio API cannot be reached at all (nothing listens at TWILIO_API_URL): the operator reads
 * one warning per failed attempt that names the refused address once, not once per wrapped error.
 */
import { expect, it } from 'vitest';
import { join } from 'node:path';
import { signedTwilioWebhook, smsParams } from '../fakes/twilio-api.ts';
import { freePort, startGatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ACCOUNT_SID = 'AC33333333333333333333333333333333';
const AUTH_TOKEN = 'unreachable-auth-token';
const SMS_FROM = '+15550004444';
const PUBLIC_URL = 'https://switchboard.example.com';

it('a refused connection to Twilio is logged once per attempt, the address said once', { timeout: 180_000 }, async () => {
  const closed = await freePort();
  const gateway = await startGatewayProcess({
    DATABASE_URL: `sqlite:${join(tempDir(), 'unreachable.db')}`,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: SMS_FROM,
    TWILIO_API_URL: `http://127.0.0.1:${closed}`,
    PUBLIC_URL,
    WEB_CHANNEL: 'off',
    REPORTS_DEMO_SEED: 'off',
    TURN_WORKERS: '0',
  });
  try {
    const webhook = signedTwilioWebhook(`${PUBLIC_URL}/webhooks/twilio/sms`, smsParams('+14155550123', SMS_FROM, 'hello', 'SM'.padEnd(34, '7')), AUTH_TOKEN);
    expect((await fetch(`${gateway.url}/webhooks/twilio/sms`, { method: 'POST', headers: webhook.headers, body: webhook.body })).status).toBe(200);
    await expect.poll(() => gateway.output(), { timeout: 30_000 }).toContain('reply send failed; will retry');
    const line = gateway.output().split('\n').find((candidate) => candidate.includes('reply send failed'))!;
    const { err } = JSON.parse(line) as { err: { message: string; code: string } };
    expect(err.code).toBe('twilio_unreachable');
    expect(err.message).toBe(`Twilio API unreachable: connect ECONNREFUSED 127.0.0.1:${closed}`);
  } finally {
    await gateway.stop();
  }
});
