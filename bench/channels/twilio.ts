import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFormBody, signTwilioRequest } from '../../channels/twilio/verify.ts';
import { startFakeTwilioApi, smsParams } from '../../test/fakes/twilio-api.ts';
import { drainReport, withChild, type Child } from '../child.ts';
import { describeLoad, warmThenLoad, type ChannelBenchOptions } from '../load.ts';

const PATH = '/webhooks/twilio/sms';
const ACCOUNT_SID = 'AC00000000000000000000000000000000';
const AUTH_TOKEN = 'bench-twilio-auth-token';
const OUR_NUMBER = '+15550001111';
const PEOPLE = 500;
const TEXTS = ['where is my refund for order 1042?', 'when is my next payment due?', 'hello', 'where is my order?', 'thanks!'];

/**
 * Signed Twilio SMS webhooks accepted per second: bare Express, `twilio.webhook()` alone and
 * the real gateway, each a child process, in the same run; then how many replies reached
 * the fake Messages API once the gateway's backlog drained.
 */
export async function benchTwilio(options: ChannelBenchOptions): Promise<void> {
  const { seconds, connections, row } = options;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-twilio-'));
  const api = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const run = Date.now().toString(16).slice(-8);
  let sent = 0;
  // Every request is a new message (its own MessageSid) from one of PEOPLE senders, signed for the URL it goes to.
  const signedLoad = (child: Child) =>
    warmThenLoad(`${child.url}${PATH}`, {
      seconds,
      connections,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: () => {
        const n = sent++;
        const sid = `SM${run}${n.toString(16).padStart(24, '0')}`;
        const from = `+1555${String(n % PEOPLE).padStart(7, '0')}`;
        return new URLSearchParams(smsParams(from, OUR_NUMBER, TEXTS[n % TEXTS.length]!, sid)).toString();
      },
      sign: (body) => ({ 'x-twilio-signature': signTwilioRequest(AUTH_TOKEN, `${child.url}${PATH}`, parseFormBody(body)) }),
    });

  try {
    const bare = await withChild('bench/baselines/bare-express-twilio.ts', {}, PATH, signedLoad);
    row('Twilio: bare Express 200 OK', describeLoad(bare));
    const validated = await withChild('bench/baselines/twilio-webhook.ts', (url) => ({ TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL: url }), PATH, signedLoad);
    row('Twilio: twilio.webhook() alone', describeLoad(validated, bare));

    const gatewayEnv = (url: string) => ({
      DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_SMS_FROM: OUR_NUMBER,
      TWILIO_API_URL: api.url,
    });
    await withChild('app/main.ts', gatewayEnv, '/readyz', async (gateway) => {
      const sentBefore = sent;
      const cpuBefore = gateway.cpuMs();
      const accepted = await signedLoad(gateway);
      row('Twilio: gateway accept (signed SMS)', describeLoad(accepted, bare));
      const drained = await drainReport(gateway.url);
      const messages = sent - sentBefore;
      row(
        'Twilio: gateway replies',
        `${api.messages.length} replies at the fake Twilio Messages API for ${messages} messages sent (warm-up included); ${drained}; gateway CPU ${((gateway.cpuMs() - cpuBefore) / messages).toFixed(1)} ms per message`,
      );
    });
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
