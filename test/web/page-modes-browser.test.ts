import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';

/*
 * The chat page outside demo mode, in headless Chromium at phone size: with WEB_IDENTITY_SECRET
 * a visitor the embedding site signed in (#userId=…&userHash=…) reaches her own account and gets
 * her conversation back after a reload; without the fragment, and in production without a
 * secret, there is no picker and the visitor is a guest whose token brings the conversation back.
 */
const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const SECRET = 'page-modes-secret-0123456789abcdef';
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

async function withGateway(env: Record<string, string>, run: (gateway: RunningGateway) => Promise<void>): Promise<void> {
  const gateway = await startGateway({ TURN_WORKERS: '0', ...env });
  try {
    await run(gateway);
  } finally {
    await gateway.stop();
  }
}

async function say(page: Page, text: string): Promise<string> {
  const before = await page.locator('.msg.bot[data-id]').count();
  await page.fill('#send input', text);
  await page.click('#send button[type=submit]');
  await page.waitForFunction((count) => document.querySelectorAll('.msg.bot[data-id]').length > count, before, { timeout: 20_000 });
  return page.locator('.msg.bot[data-id]').last().innerText();
}

const shot = (page: Page, gateway: RunningGateway, name: string) => page.screenshot({ path: join(process.env.WEB_SCREENSHOT_DIR ?? gateway.runtime.config.DATABASE_URL.replace(/^sqlite:/, '').replace(/[^/]*$/, ''), name) });

describe('the chat page when web ids are not trusted', () => {
  it('signs in the visitor the embedding site vouched for, and keeps her conversation over a reload', { timeout: 120_000 }, async () => {
    await withGateway({ WEB_IDENTITY_SECRET: SECRET }, async (gateway) => {
      const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
      const page = await context.newPage();
      // Outside demo mode the page asks for no demo customers: nothing 404s in the browser console.
      const failed: string[] = [];
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
      });
      const userHash = createHmac('sha256', SECRET).update('web-astrid').digest('hex');
      await page.goto(`${gateway.url}/#userId=web-astrid&userHash=${userHash}&name=Astrid`);
      await page.waitForSelector('#who:has-text("Astrid")');
      expect(await page.locator('#picker').isVisible()).toBe(false);
      // The proof leaves the address bar at once.
      expect(page.url()).not.toContain(userHash);
      expect(await say(page, 'when is my next payment due?')).toMatch(/799,00\skr/);
      await page.reload();
      await page.waitForSelector('.msg.me >> text=when is my next payment due?');
      expect(await page.locator('.msg.bot[data-id]').last().innerText()).toMatch(/799,00\skr/);
      await shot(page, gateway, 'web-8-verified.png');
      expect(failed).toEqual([]);

      // Another tab without the fragment is nobody in particular: a guest, who reaches no account.
      const other = await context.newPage();
      await other.goto(gateway.url);
      await other.waitForSelector('#who:has-text("Guest")');
      expect(await other.locator('#picker').isVisible()).toBe(false);
      expect(await say(other, 'when is my next payment due?')).not.toMatch(/799/);
      await context.close();
    });
  });

  it('makes every visitor a guest in production without a secret: no picker, the conversation back after a reload', { timeout: 120_000 }, async () => {
    await withGateway({ NODE_ENV: 'production', CONSOLE_TOKEN: 'console-token-0123456789' }, async (gateway) => {
      const context = await browser.newContext({ viewport: PHONE, locale: 'en-GB' });
      const page = await context.newPage();
      const posts: Record<string, unknown>[] = [];
      const asked: string[] = [];
      page.on('request', (request) => {
        asked.push(new URL(request.url()).pathname);
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/webhooks/web') posts.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
      });
      await page.goto(gateway.url);
      await page.waitForSelector('#who:has-text("Guest")');
      expect(asked).not.toContain('/web/demo-customers');
      expect(await page.locator('#picker').isVisible()).toBe(false);
      expect((await fetch(`${gateway.url}/web/demo-customers`)).status).toBe(404);
      await say(page, 'hello, how do returns work?');
      expect(posts[0]!.userId).toBeUndefined();
      await page.reload();
      await page.waitForSelector('.msg.me >> text=hello, how do returns work?');
      expect(await page.locator('.msg.bot[data-id]').count()).toBeGreaterThanOrEqual(1);
      // The second message goes as the guest the gateway named, with its token.
      await say(page, 'thanks');
      expect(String(posts.at(-1)!.userId)).toMatch(/^guest#/);
      await shot(page, gateway, 'web-9-guest-production.png');
      await context.close();
    });
  });
});
