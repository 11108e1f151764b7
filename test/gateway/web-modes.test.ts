import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { startFakeCommerceApi } from '../fakes/commerce-api.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { startGatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { userHashOf, webVisitor } from '../helpers/web-identity.ts';

// What an operator gets from each setting: safe by default, loud when a convenience is on.
const SECRET = 'production-site-secret-0123456789abcdef';
const PRODUCTION = { NODE_ENV: 'production', CONSOLE_TOKEN: 'console-token-0123456789', TURN_WORKERS: '0' };
const UNKNOWN = "couldn't find an account";

const running: RunningGateway[] = [];
const start = async (env: Record<string, string>) => {
  const gateway = await startGateway(env);
  running.push(gateway);
  return gateway;
};
afterEach(async () => {
  while (running.length) await running.pop()!.stop();
});

describe('development without WEB_IDENTITY_SECRET: the demo', () => {
  it('trusts the web id it is given, says so loudly, and still finds customers only by their web id', async () => {
    const gateway = await start({ TURN_WORKERS: '0' });
    expect(gateway.runtime.warnings.join('\n')).toContain('WEB IDS ARE TRUSTED');
    expect(await (await fetch(`${gateway.url}/webhooks/web/config`)).json()).toEqual({ mode: 'demo' });
    const web = webVisitor(gateway.url);
    const id = crypto.randomUUID();
    expect((await web.post({ userId: 'web-astrid', text: 'when is my next payment due?', id })).status).toBe(202);
    expect((await web.replyTo('web-astrid', id, {})).text).toContain('799');
    // Her phone number as a web id is just a web id nobody has: it reaches no account.
    const other = crypto.randomUUID();
    await web.post({ userId: '+46701234567', text: 'when is my next payment due?', id: other });
    const reply = await web.replyTo('+46701234567', other, {});
    expect(reply.text).toContain(UNKNOWN);
    expect(reply.text).not.toContain('799');
    // Nor does an unsigned claim of her phone: claims are taken only signed, and nothing is stored.
    const claimed = await web.post({ userId: 'web-pekka', claims: { phone: '+46701234567' }, claimsHash: '00', text: 'where is my order?', id: crypto.randomUUID() });
    expect(claimed.status).toBe(401);
    expect((await web.read('web-pekka')).messages).toEqual([]);
  }, 60_000);
});

describe('production', () => {
  it('without WEB_IDENTITY_SECRET makes everyone a guest, and without COMMERCE_API_URL serves no demo data', async () => {
    const gateway = await start(PRODUCTION);
    const warnings = gateway.runtime.warnings.join('\n');
    expect(warnings).toContain('GUESTS ONLY');
    expect(warnings).toContain('NO COMMERCE DATA');
    expect(await (await fetch(`${gateway.url}/webhooks/web/config`)).json()).toEqual({ mode: 'guest' });
    const web = webVisitor(gateway.url);
    const guest = await web.asGuest({ userId: 'web-astrid', userHash: userHashOf(SECRET, 'web-astrid'), text: 'when is my next payment due?' });
    expect(guest.userId).toMatch(/^guest#/);
    expect(guest.text).toContain('sign in on the site');
    expect((await web.read('web-astrid')).status).toBe(401);
    expect((await web.read('web-astrid', { query: `?userHash=${userHashOf(SECRET, 'web-astrid')}` })).status).toBe(401);
  }, 60_000);

  it('with WEB_IDENTITY_SECRET but no commerce settings: a signed-in visitor finds no demo customer', async () => {
    const gateway = await start({ ...PRODUCTION, WEB_IDENTITY_SECRET: SECRET });
    const reply = await webVisitor(gateway.url).asSignedIn(SECRET, 'web-astrid', 'when is my next payment due?');
    expect(reply).toContain(UNKNOWN);
    expect(reply).not.toContain('799');
  }, 60_000);

  it('serves the demo data only with COMMERCE_DEMO=true, and says so', async () => {
    const gateway = await start({ ...PRODUCTION, WEB_IDENTITY_SECRET: SECRET, COMMERCE_DEMO: 'true' });
    expect(gateway.runtime.warnings.join('\n')).toContain('DEMO COMMERCE DATA IN PRODUCTION');
    expect(await webVisitor(gateway.url).asSignedIn(SECRET, 'web-astrid', 'when is my next payment due?')).toContain('799');
  }, 60_000);

  it('sends COMMERCE_API_TOKEN as the bearer token to COMMERCE_API_URL', async () => {
    const commerce = await startFakeCommerceApi(join(tempDir(), 'commerce.db'));
    try {
      const gateway = await start({ ...PRODUCTION, WEB_IDENTITY_SECRET: SECRET, COMMERCE_API_URL: commerce.url, COMMERCE_API_TOKEN: 'commerce-bearer-123' });
      expect(gateway.runtime.warnings).toEqual([]);
      expect(await webVisitor(gateway.url).asSignedIn(SECRET, 'web-astrid', 'when is my next payment due?')).toContain('799');
      expect(commerce.authorizations.length).toBeGreaterThan(0);
      expect(new Set(commerce.authorizations)).toEqual(new Set(['Bearer commerce-bearer-123']));
    } finally {
      await commerce.close();
    }
  }, 60_000);

  it('says at start, on the log, that the web channel is guests only and that there is no commerce data', async () => {
    const gateway = await startGatewayProcess({ ...PRODUCTION, DATABASE_URL: `sqlite:${join(tempDir(), 'gateway.db')}` });
    try {
      await expect.poll(() => gateway.output(), { timeout: 30_000 }).toContain('GUESTS ONLY');
      expect(gateway.output()).toContain('NO COMMERCE DATA');
      // The listening line gives each reason a channel is off once: SMS and WhatsApp share the Twilio account.
      const listening = gateway.output().split('\n').find((line) => line.includes('listening on'));
      const { msg } = JSON.parse(listening!) as { msg: string };
      expect(msg.split('TWILIO_ACCOUNT_SID is not set').length - 1, msg).toBe(1);
      expect(msg).toContain('off: sms, whatsapp (TWILIO_ACCOUNT_SID is not set');
    } finally {
      await gateway.stop();
    }
  }, 180_000);
});

describe('WEB_CHANNEL=off', () => {
  it('removes the page and every web route', async () => {
    const gateway = await start({ WEB_CHANNEL: 'off', TURN_WORKERS: '0' });
    expect(gateway.runtime.channelStatus.web).toBe('WEB_CHANNEL=off');
    expect(gateway.runtime.warnings.join('\n')).not.toContain('WEB IDS');
    expect((await fetch(`${gateway.url}/`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/webhooks/web/config`)).status).toBe(404);
    const post = await fetch(`${gateway.url}/webhooks/web`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'web-astrid', text: 'hi' }) });
    expect(post.status).toBe(404);
    expect((await fetch(`${gateway.url}/webhooks/web/web-astrid/messages`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/webhooks/web/web-astrid/stream`)).status).toBe(404);
  }, 60_000);
});

describe('configuration mistakes stop start-up with the variable named', () => {
  it.each([
    [{ WEB_IDENTITY_SECRET: 'short' }, 'WEB_IDENTITY_SECRET'],
    [{ WEB_CHANNEL: 'maybe' }, 'WEB_CHANNEL'],
    [{ COMMERCE_API_URL: 'http://127.0.0.1:9/', COMMERCE_DEMO: 'true' }, 'COMMERCE_DEMO'],
    [{ COMMERCE_DEMO: 'sure' }, 'COMMERCE_DEMO'],
  ])('%o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
