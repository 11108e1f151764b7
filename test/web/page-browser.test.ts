import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { api, startRig, until, type Rig } from '../handoff/harness.ts';

/*
 * The chat page as a visitor uses it, in Debian's headless Chromium at phone size: the demo
 * customer picker, a conversation with its language tags, a handoff to a person, a reload
 * that restores the conversation, and a rating button whose value (not its label) is sent.
 * Screenshots go to WEB_SCREENSHOT_DIR (or the rig's temporary folder) to be looked at.
 */
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
let rig: Rig;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  rig = await startRig();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rig?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(process.env.WEB_SCREENSHOT_DIR ?? rig.dir, name) });

/** What the page posts to `POST /webhooks/web`, as the gateway receives it. */
function recordPosts(page: Page): Record<string, unknown>[] {
  const posts: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/webhooks/web') posts.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
  });
  return posts;
}

async function phone(locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, locale, isMobile: true, hasTouch: true });
  return { context, page: await context.newPage() };
}

/** Nothing sticks out sideways at phone width. */
async function expectFitsWidth(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
}

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg.bot[data-id]').count();
  await page.fill('#send input', text);
  await page.click('#send button[type=submit]');
  await page.waitForFunction((count) => document.querySelectorAll('.msg.bot[data-id]').length > count, before, { timeout: 20_000 });
}

const lastReply = (page: Page) => page.locator('.msg.bot[data-id]').last();

async function webTicket(): Promise<Ticket> {
  return until('the web ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((ticket) => ticket.contact.channel === 'web'), 20_000);
}

describe('the chat page in Chromium at phone width', () => {
  it('picks a demo customer, hands off to a person, restores the conversation on reload and stores a rating clicked', { timeout: 180_000 }, async () => {
    const { context, page } = await phone();
    const posts = recordPosts(page);
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    // The first screen: the README's demo customers with their market and what to try, or a guest.
    await page.goto(rig.url);
    const astrid = page.locator('[data-user="web-astrid"]');
    await astrid.waitFor();
    expect(await page.locator('#customers button').count()).toBe(6);
    expect(await astrid.innerText()).toMatch(/Astrid Lindqvist[\s\S]*Sweden · SEK[\s\S]*when is my next payment due\?/);
    expect(await page.locator('[data-user="web-lukas"]').innerText()).toContain('Germany · EUR');
    expect(await page.locator('#guest').isVisible()).toBe(true);
    expect(await page.locator('#send').isVisible()).toBe(false);
    await expectFitsWidth(page);
    await shot(page, 'web-1-picker.png');

    await astrid.click();
    await page.waitForSelector('#who:has-text("Astrid Lindqvist")');
    await page.locator('.suggestions button', { hasText: 'when is my next payment due?' }).click();
    await page.waitForSelector('.msg.bot[data-id]', { timeout: 20_000 });
    expect(await lastReply(page).innerText()).toMatch(/799,00\skr/);
    expect(await lastReply(page).locator('.tag.language').innerText()).toBe('English');
    expect(await lastReply(page).getAttribute('lang')).toBe('en');

    await say(page, 'I want to talk to a person');
    await lastReply(page).locator('.tag.handoff').waitFor();

    // A person takes it from the console's API; their words arrive live, marked as theirs.
    const ticket = await webTicket();
    expect((await api(rig, `/tickets/${ticket.id}/claim`, { method: 'POST', body: {}, agentName: 'Ana' })).status).toBe(200);
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { method: 'POST', body: { text: 'Hi Astrid, Ana here. I am looking into it now.' }, agentName: 'Ana' })).status).toBe(202);
    await page.waitForSelector('.msg.agent >> text=Ana here', { timeout: 20_000 });
    expect(await page.locator('.msg.agent .author').last().innerText()).toContain('Ana');
    await expectFitsWidth(page);
    await shot(page, 'web-2-handoff.png');

    // A reload shows the same conversation: the replies from the gateway, the visitor's own messages in place.
    const transcript = () => page.locator('#log .msg:not(.local)').evaluateAll((nodes) => nodes.map((node) => `${node.classList.contains('me') ? 'me' : 'bot'}: ${node.firstChild?.textContent ?? ''}`));
    const before = await transcript();
    expect(before.length).toBeGreaterThanOrEqual(5);
    await page.reload();
    await page.waitForSelector('.msg.agent >> text=Ana here', { timeout: 20_000 });
    expect(await transcript()).toEqual(before);
    expect(before[0]).toBe('me: when is my next payment due?');
    expect(before[2]).toBe('me: I want to talk to a person');
    await shot(page, 'web-3-reload.png');

    // Resolved: the assistant is back and asks for a rating with buttons.
    expect((await api(rig, `/tickets/${ticket.id}/resolve`, { method: 'POST', body: { note: 'We have sent your refund.' }, agentName: 'Ana' })).status).toBe(200);
    const excellent = page.locator('.choices button[data-value="rating:5"]');
    await excellent.waitFor({ timeout: 20_000 });
    const label = await excellent.innerText();
    expect(label).toBe('Excellent');
    const postsBefore = posts.length;
    await excellent.click();
    await until('the thanks', async () => (await lastReply(page).locator('.choices').count()) === 0, 20_000);
    expect(await page.locator('.msg.me').last().innerText()).toBe(label);
    // The button sent its value as the action, never its label as text.
    const sent = posts.slice(postsBefore);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ userId: 'web-astrid', action: 'rating:5' });
    expect(sent[0]!.text).toBeUndefined();
    await until('the rating stored', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.rating === 5, 20_000);
    // Understood as a rating, not as words to make sense of.
    const replies = (await (await fetch(`${rig.url}/webhooks/web/web-astrid/messages`)).json()) as { messages: { meta?: { intent?: string; rating?: number } }[] };
    expect(replies.messages.at(-1)?.meta).toMatchObject({ intent: 'rating', rating: 5 });
    expect(await page.locator('.choices button[data-value="rating:5"]').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.choices button:enabled').count()).toBe(0);
    await shot(page, 'web-4-rated.png');

    // Old buttons stay off after a reload: a later message answered them.
    await page.reload();
    await page.waitForSelector('.choices button[data-value="rating:5"]');
    expect(await page.locator('.choices button:enabled').count()).toBe(0);
    expect(failures).toEqual([]);
    await context.close();
  });

  it('continues as a guest, and a guest’s conversation survives a reload', { timeout: 120_000 }, async () => {
    const { context, page } = await phone();
    await page.goto(rig.url);
    await page.locator('#guest').click();
    await page.waitForSelector('#who:has-text("Guest")');
    await say(page, 'hello, what can you help me with?');
    const first = await lastReply(page).innerText();
    expect(first.length).toBeGreaterThan(10);
    // An answer from a help article links to it.
    await say(page, 'can I return sale items?');
    const link = lastReply(page).locator('a[href^="https://help.switchboard.example/"]');
    expect(await link.getAttribute('href')).toBe('https://help.switchboard.example/en/return-window#sale');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    // One long unbroken word (a pasted link) wraps inside the visitor's bubble.
    await say(page, `https://example.com/${'x'.repeat(280)}`);
    await expectFitsWidth(page);
    const bubble = (await page.locator('.msg.me').last().boundingBox())!;
    expect(bubble.x + bubble.width).toBeLessThanOrEqual(PHONE.width);
    await page.reload();
    await page.waitForSelector('.msg.me >> text=hello, what can you help me with?');
    expect(await page.locator('.msg.bot[data-id]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#picker').isVisible()).toBe(false);
    await expectFitsWidth(page);
    await shot(page, 'web-5-guest.png');

    // Switching goes back to the picker; the guest's identity is left behind.
    await page.locator('#switch').click();
    await page.waitForSelector('#customers button');
    await context.close();
  });

  it('speaks the visitor’s language on its own buttons, and tags each reply with the language it is in', { timeout: 90_000 }, async () => {
    const { context, page } = await phone('sv-SE');
    await page.goto(rig.url);
    await page.waitForSelector('#picker-heading:has-text("Vem är du i dag?")');
    expect(await page.locator('#guest').innerText()).toBe('Fortsätt som gäst');
    expect(await page.locator('[data-user="web-astrid"]').innerText()).toContain('Sverige · SEK');
    await shot(page, 'web-6-picker-sv.png');

    // A Swedish page, a Norwegian customer writing Norwegian: the reply is tagged Norwegian, in Swedish.
    await page.locator('[data-user="web-nora"]').click();
    await page.waitForSelector('#send input[placeholder="Skriv ett meddelande…"]');
    await say(page, 'har jeg fått refusjonen for 5001?');
    expect(await lastReply(page).locator('.tag.language').innerText()).toBe('Norska');
    expect(await lastReply(page).getAttribute('lang')).toBe('nb');
    await shot(page, 'web-7-languages.png');
    await context.close();
  });
});
