import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CONSOLE_TOKEN, type Rig } from './harness.ts';

/** Debian's headless Chromium, never a downloaded one. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Signs in on the console page with a token (the supervisor's by default) and waits for the live feed. */
export async function signIn(page: Page, rig: Rig, name: string, token = CONSOLE_TOKEN): Promise<void> {
  await page.goto(`${rig.url}/console`);
  await page.fill('#name', name);
  await page.fill('#token', token);
  await page.click('button[type=submit]');
  await page.waitForSelector('#status:has-text("live")');
}

/** What a person reads on the page must never show a missing value as "null" or "undefined". */
export async function expectNoMissingValues(page: Page, state: string): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text, `page text while ${state}`).not.toMatch(/\bnull\b|\bundefined\b|NaN/);
}
