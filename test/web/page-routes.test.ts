import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS as SEEDED } from '../../agents/commerce/seed.ts';
import { DEMO_CUSTOMERS } from '../../channels/web/page-routes.ts';
import { createWebChannel } from '../../channels/web/index.ts';
import { webAction } from '../../channels/web/parse.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { webClient } from '../helpers/web-client.ts';

let gateway: RunningGateway;
let web: ReturnType<typeof webClient>;

beforeAll(async () => {
  gateway = await startGateway();
  web = webClient(gateway.url);
}, 60_000);
afterAll(async () => {
  await gateway?.stop();
});

describe('a button on the web: its value arrives as the action', () => {
  it('carries out a confirmed action when Yes is clicked, with no words sent', async () => {
    const question = await web.ask('web-emma', 'I want to dispute order 3001');
    expect(question.choices).toEqual([
      { label: 'Yes', value: 'intent:affirm' },
      { label: 'No', value: 'intent:deny' },
    ]);
    const { status } = await web.post({ userId: 'web-emma', action: 'intent:affirm', id: 'yes-1' });
    expect(status).toBe(202);
    const replies = await web.waitForReplies('web-emma', (list) => list.some((reply) => reply.replyTo === 'yes-1'));
    const done = replies.find((reply) => reply.replyTo === 'yes-1')!;
    expect(done.text).toMatch(/opened dispute D-\d+/);
    expect(done.meta).toMatchObject({ intent: 'dispute_purchase' });
    expect((done.meta as { tools?: string[] }).tools).toContain('open_dispute');
  });

  it('takes the label as nothing more than words: the value decides', async () => {
    const question = await web.ask('web-oliver', 'I want to dispute order 4001');
    expect(question.choices?.map((choice) => choice.value)).toEqual(['intent:affirm', 'intent:deny']);
    // A visitor's "No" button, whatever text comes with it, cancels.
    const { status } = await web.post({ userId: 'web-oliver', action: 'intent:deny', text: 'Yes', id: 'no-1' });
    expect(status).toBe(202);
    const replies = await web.waitForReplies('web-oliver', (list) => list.some((reply) => reply.replyTo === 'no-1'));
    expect((replies.find((reply) => reply.replyTo === 'no-1')!.meta as { tools?: string[] }).tools ?? []).not.toContain('open_dispute');
  });

  it('refuses actions the assistant never offers on the web, naming the field', async () => {
    for (const action of ['handoff:resolve:tk_1', 'handoff:comeback:tk_1', 'opt_out', 'rating:', 'rating:5 extra', 'x'.repeat(200), 5]) {
      const { status, body } = await web.post({ userId: 'web-astrid', action });
      expect(status, String(action)).toBe(400);
      expect(String(body.message)).toContain('action');
    }
  });

  it('accepts every kind of choice value the assistant offers (a new kind must be added to webAction)', () => {
    const agents = new URL('../../agents/', import.meta.url).pathname;
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
      });
    const kinds = new Set(files(agents).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/value: [`'"]([a-z_]+):/g)].map((match) => match[1]!)));
    expect([...kinds]).toEqual(expect.arrayContaining(['intent', 'order', 'rating']));
    for (const kind of kinds) expect(webAction.safeParse(`${kind}:x_1`).success, kind).toBe(true);
  });

  it('needs words or an action', async () => {
    const { status, body } = await web.post({ userId: 'web-astrid' });
    expect(status).toBe(400);
    expect(String(body.message)).toContain('text must not be empty (or send an action)');
  });
});

describe('the page and what it reads', () => {
  it('serves the page, its script and style from the gateway only (a strict content security policy)', async () => {
    const page = await fetch(`${gateway.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('web/page.js');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    const script = await fetch(`${gateway.url}/web/page.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('action: choice.value');
    expect((await fetch(`${gateway.url}/web/page.css`)).headers.get('content-type')).toContain('text/css');
    for (const module of ['conversation.js', 'gateway.js', 'history.js', 'identity.js', 'words.js']) expect((await fetch(`${gateway.url}/web/${module}`)).status, module).toBe(200);
    expect((await fetch(`${gateway.url}/web/history.test.ts`)).status).toBe(404);
  });

  it('gives the page its words in each of the 11 languages, English for any other', async () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const body = (await (await fetch(`${gateway.url}/web/strings?language=${language}`)).json()) as { language: string; strings: { picker: { guest: string } }; languages: Record<string, string> };
      expect(body.language).toBe(language);
      expect(body.strings.picker.guest.length).toBeGreaterThan(3);
      expect(Object.keys(body.languages).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    }
    const swedish = (await (await fetch(`${gateway.url}/web/strings?language=sv-SE`)).json()) as { strings: { picker: { heading: string } } };
    expect(swedish.strings.picker.heading).toBe('Vem är du i dag?');
    for (const odd of ['tlh', '%E0%A4%A', 'x'.repeat(5000), '']) {
      const res = await fetch(`${gateway.url}/web/strings?language=${odd}`);
      expect(res.status, odd).toBe(200);
      expect(((await res.json()) as { language: string }).language).toBe('en');
    }
  });

  it('offers the demo customers in development with the demo backend', async () => {
    const res = await fetch(`${gateway.url}/web/demo-customers`);
    expect(res.status).toBe(200);
    const { customers } = (await res.json()) as { customers: { userId: string }[] };
    expect(customers.map((customer) => customer.userId)).toEqual(['web-astrid', 'web-lukas', 'web-emma', 'web-oliver', 'web-nora', 'web-mia']);
  });

  it('offers none when the gateway is not in demo mode', async () => {
    const app = express();
    const router = express.Router();
    createWebChannel({ outbox: { listForRecipient: async () => [], getById: async () => undefined }, bodyLimit: '64kb', demo: false }).mount(router, async () => ({ duplicate: false }) as never);
    app.use(router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/web/demo-customers`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { message: string }).message).toContain('not in demo mode');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('lists the same customers as the demo backend and the README, with what the README says to try', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const customer of DEMO_CUSTOMERS) {
      const seeded = SEEDED.find((candidate) => candidate.aliases.includes(customer.userId));
      expect(seeded, customer.userId).toMatchObject({ name: customer.name, market: customer.market, currency: customer.currency });
      const row = readme.split('\n').find((line) => line.startsWith(`| ${customer.name} |`));
      expect(row, `README demo table row for ${customer.name}`).toBeDefined();
      for (const phrase of customer.try) expect(row, `${customer.name}: "${phrase}"`).toContain(`"${phrase}"`);
    }
    expect(DEMO_CUSTOMERS).toHaveLength(SEEDED.length);
  });
});
