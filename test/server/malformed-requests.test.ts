import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../channels/slack/verify.ts';
import { parseFormBody, signTwilioRequest } from '../../channels/twilio/verify.ts';
import { signedTwilioWebhook, smsParams, startFakeTwilioApi, whatsAppParams, type FakeTwilioApi } from '../fakes/twilio-api.ts';
import { startFakeSlackApi, type FakeSlackApi } from '../fakes/slack-api.ts';
import { freePort, startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { malformedCases, malformedPaths, type MalformedCase } from '../helpers/malformed.ts';
import { tempDir } from '../helpers/temp-dir.ts';

/*
 * Whatever a client sends, the gateway answers 4xx (or accepts it), never 5xx, and keeps
 * running: at least 500 malformed bodies to every POST route, signed where the route checks a
 * signature so they reach its parser, then malformed paths; then a good message is answered.
 */
const CASES_PER_ROUTE = 500;
const ACCOUNT_SID = 'AC44444444444444444444444444444444';
const AUTH_TOKEN = 'fuzz-auth-token';
const SLACK_SECRET = 'fuzz-signing-secret';
const CONSOLE_TOKEN = 'fuzz-console-token-0123';
const AGENT_TOKEN = 'fuzz-agent-token-0123';
const SMS_FROM = '+15005550006';

interface Route {
  path: string;
  template: Record<string, unknown>;
  sign?: 'twilio' | 'slack';
  auth?: 'bearer' | 'cookie';
}

const routes: Route[] = [
  { path: '/webhooks/web', template: { userId: 'fuzz-visitor', text: 'hello', id: 'fuzz-1' } },
  { path: '/webhooks/twilio/sms', template: smsParams('+46700000001', SMS_FROM, 'hi', 'SM00000000000000000000000000000001'), sign: 'twilio' },
  { path: '/webhooks/twilio/whatsapp', template: whatsAppParams('+46700000001', '+14155238886', 'hi', 'SM00000000000000000000000000000002'), sign: 'twilio' },
  { path: '/webhooks/twilio/status', template: { MessageSid: 'SM00000000000000000000000000000003', MessageStatus: 'delivered' }, sign: 'twilio' },
  {
    path: '/webhooks/slack/events',
    template: { type: 'event_callback', event_id: 'Ev1', team_id: 'T1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', ts: '1.0', text: 'hi' } },
    sign: 'slack',
  },
  { path: '/webhooks/slack/interactions', template: { payload: JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [{ value: 'x' }] }) }, sign: 'slack' },
  {
    path: '/api/messages',
    template: { type: 'message', id: 'act-1', text: 'hi', serviceUrl: 'http://127.0.0.1:9/', channelId: 'msteams', from: { id: 'u1' }, recipient: { id: 'b1' }, conversation: { id: 'c1', conversationType: 'personal' } },
  },
  { path: '/console/login', template: { token: 'not-the-token', name: 'Fuzz' } },
  { path: '/console/logout', template: {}, auth: 'cookie' },
  { path: '/api/handoff/tickets/tk-none/claim', template: {}, auth: 'bearer' },
  { path: '/api/handoff/tickets/tk-none/reply', template: { text: 'hello', id: 'r1' }, auth: 'bearer' },
  { path: '/api/handoff/tickets/tk-none/transfer', template: { queue: 'general' }, auth: 'bearer' },
  { path: '/api/handoff/tickets/tk-none/resolve', template: { note: 'done', resolved: true }, auth: 'bearer' },
  { path: '/api/handoff/tickets/tk-none/reply', template: { text: 'hello', id: 'r2' }, auth: 'cookie' },
];

let gateway: GatewayProcess;
let twilio: FakeTwilioApi;
let slack: FakeSlackApi;
let cookie = '';

beforeAll(async () => {
  twilio = await startFakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  slack = await startFakeSlackApi();
  const port = await freePort();
  gateway = await startGatewayProcess(
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: `sqlite:${join(tempDir('switchboard-fuzz-'), 'gateway.db')}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_SMS_FROM: SMS_FROM,
      TWILIO_WHATSAPP_FROM: 'whatsapp:+14155238886',
      TWILIO_API_URL: twilio.url,
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: slack.url,
      CONSOLE_TOKEN,
      HANDOFF_AGENT_TOKENS: `gus=${AGENT_TOKEN}`,
    },
    port,
  );
  const login = await fetch(`${gateway.url}/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: AGENT_TOKEN }) });
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
  await slack?.close();
});

function headersFor(route: Route, sent: MalformedCase): Record<string, string> {
  const headers: Record<string, string> = { ...sent.headers };
  if (route.auth === 'bearer') headers.authorization = `Bearer ${CONSOLE_TOKEN}`;
  if (route.auth === 'cookie') Object.assign(headers, { cookie, origin: gateway.url });
  if (route.sign === 'twilio') headers['x-twilio-signature'] = signTwilioRequest(AUTH_TOKEN, `${gateway.url}${route.path}`, parseFormBody(sent.body.toString('utf8')));
  if (route.sign === 'slack') {
    const timestamp = String(Math.floor(Date.now() / 1000));
    Object.assign(headers, { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signSlackRequest(SLACK_SECRET, timestamp, sent.body) });
  }
  return headers;
}

/** Sends every request, a few at a time; a connection error counts as status 0. */
async function sendAll(requests: { label: string; url: string; init: RequestInit }[]): Promise<{ label: string; status: number }[]> {
  const results: { label: string; status: number }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const request = requests[next++]!;
      const once = () =>
        fetch(request.url, request.init).then(
          async (response) => {
            await response.arrayBuffer().catch(() => undefined);
            return response.status;
          },
          (error: unknown) => {
            request.label += ` (${error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error)})`;
            return 0;
          },
        );
      // One retry for a connection error: the client may reuse a keep-alive socket the server just closed
      // while idle. A gateway that crashed or hung fails the retry too.
      const status = (await once()) || (await once());
      results.push({ label: request.label, status });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return results;
}

describe('malformed requests', () => {
  it('gets no 5xx on any POST route, nor for malformed paths, and the gateway still answers a good message', { timeout: 600_000 }, async () => {
    const requests = routes.flatMap((route, routeIndex) =>
      malformedCases(route.template, CASES_PER_ROUTE, 1000 + routeIndex).map((sent, index) => ({
        label: `${route.auth ?? ''} POST ${route.path} #${index} ${sent.name}`,
        url: `${gateway.url}${route.path}`,
        init: { method: 'POST', headers: headersFor(route, sent), body: sent.body } as RequestInit,
      })),
    );
    const paths = malformedPaths(['/webhooks/web/:segment/messages', '/webhooks/web/:segment/stream', '/api/handoff/tickets/:segment/claim', '/api/handoff/tickets/:segment', '/console/:segment', '/:segment'], 100, 7);
    for (const path of paths) {
      requests.push({ label: `GET ${path}`, url: `${gateway.url}${path}`, init: { method: 'GET', headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } } });
      requests.push({ label: `POST ${path}`, url: `${gateway.url}${path}`, init: { method: 'POST', headers: { authorization: `Bearer ${CONSOLE_TOKEN}`, 'content-type': 'application/json' }, body: '{}' } });
    }

    const results = await sendAll(requests);
    for (const route of routes) {
      expect(results.filter((result) => result.label.startsWith(`${route.auth ?? ''} POST ${route.path} #`)).length).toBeGreaterThanOrEqual(500);
    }
    const failures = results.filter((result) => result.status >= 500 || result.status === 0).map((result) => `${result.status} ${result.label}`);
    expect(failures, failures.slice(0, 20).join('\n')).toEqual([]);
    expect(results.filter((result) => result.label.includes('%E0%A4%A') && result.label.startsWith('GET /webhooks/web/')).every((result) => result.status === 400)).toBe(true);
    expect(gateway.child.exitCode).toBeNull();
    expect(gateway.output()).not.toMatch(/"msg":"request failed"|BEGIN (RSA |PUBLIC )?KEY|uncaught/i);

    // Still answering: a signed SMS from a demo customer gets its reply.
    const good = signedTwilioWebhook(`${gateway.url}/webhooks/twilio/sms`, smsParams('+46701234567', SMS_FROM, 'when is my next payment due?'), AUTH_TOKEN);
    expect((await fetch(`${gateway.url}/webhooks/twilio/sms`, { method: 'POST', headers: good.headers, body: good.body })).status).toBe(200);
    const deadline = Date.now() + 90_000;
    while (!twilio.messages.some((message) => message.to === '+46701234567') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(twilio.messages.find((message) => message.to === '+46701234567')?.body).toMatch(/799/);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  });
});
