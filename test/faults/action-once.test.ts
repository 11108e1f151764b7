/**
 * A turn killed between the action and its completion acts once: the gateway dies (kill -9) after
 * the commerce API froze the card and before the turn was committed; after the restart the turn
 * runs again and sends the same Idempotency-Key, so the API answers as before and acts no more.
 * The customer gets exactly one answer, and it is the real one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeCommerceApi, type FakeCommerceApi } from '../fakes/commerce-api.ts';
import { startGatewayProcess, type GatewayProcess } from '../helpers/gateway-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { webClient } from '../helpers/web-client.ts';
import { report } from '../helpers/fault-load.ts';

const dir = tempDir();
let commerce: FakeCommerceApi;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  commerce = await startFakeCommerceApi(join(dir, 'commerce.db'));
});
afterAll(async () => {
  await gateway?.kill();
  await commerce?.close();
});

it('acts once when the gateway is killed between the action and the completion of its turn', async () => {
  const env = { DATABASE_URL: `sqlite:${join(dir, 'gateway.db')}`, COMMERCE_API_URL: commerce.url, LOG_LEVEL: 'warn' };
  gateway = await startGatewayProcess(env);
  const first = gateway;
  let killed: Promise<void> | undefined;
  // The card is frozen; before the API's answer reaches the gateway, the gateway dies.
  commerce.beforeActionAnswer = async () => {
    commerce.beforeActionAnswer = undefined;
    killed = first.kill();
    await killed;
  };
  await webClient(first.url).send('web-lukas', 'my card was stolen, please block it', 'stolen-1');
  await expect.poll(() => killed !== undefined, { timeout: 60_000 }).toBe(true);
  await killed;
  expect(commerce.actions).toHaveLength(1);
  expect((await commerce.backend.listCards('c-lukas')).map((card) => card.status)).toEqual(['frozen']);

  gateway = await startGatewayProcess(env);
  const web = webClient(gateway.url);
  const replies = await web.waitForReplies('web-lukas', (list) => list.some((reply) => reply.replyTo === 'stolen-1'), 60_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const answers = (await web.replies('web-lukas')).filter((reply) => reply.replyTo === 'stolen-1');

  // Run again, and keyed alike: the API saw the same action twice with one key and acted once.
  expect(commerce.actions).toHaveLength(2);
  expect(commerce.actions[1]!.idempotencyKey).toBe(commerce.actions[0]!.idempotencyKey);
  expect(commerce.actions[0]!.idempotencyKey).toMatch(/^m_[\w-]+:freeze_card:/);
  expect(answers).toHaveLength(1);
  expect(answers[0]!.meta).toMatchObject({ intent: expect.stringMatching(/card/) });
  expect((answers[0]!.meta as { error?: boolean }).error).toBeUndefined();
  expect(answers[0]!.text).toContain('1881');
  report('action-killed-before-completion', { messages: 1, faults: 1, actionRequests: commerce.actions.length, distinctKeys: new Set(commerce.actions.map((action) => action.idempotencyKey)).size, actedOnce: new Set(commerce.actions.map((action) => action.idempotencyKey)).size === 1, replies: answers.length, apologies: 0, firstReply: replies[0]?.text.slice(0, 60) });
  expect(await gateway.stop()).toBe(0);
  gateway = undefined;
}, 480_000);
