/**
 * The channel contract: what every adapter must do, whatever its provider. Each channel brings
 * a small fixture (`test/channels/<name>.fixture.ts`) saying how its provider signs and shapes
 * requests and where its local fake records what was sent; this suite does the rest, on a real
 * SQLite inbox and channel state, the real Express error mapping, and real HTTP.
 *
 * A channel that genuinely lacks a capability declares it in its fixture with the reason, and
 * the suite checks the documented alternative instead (the terminal has no webhook: it is local
 * only; the web's "provider" is the outbox itself: nothing to throttle it).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChannelError, RateLimitError } from '../../src/errors.ts';
import type { AcceptResult, Logger } from '../../src/gateway/channel.ts';
import type { InboundMessage, OutboundMessage } from '../../src/gateway/messages.ts';
import { resolveIdentity } from '../../src/identity/resolve.ts';
import { errorHandler, notFound } from '../../src/server/errors.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import type { ChannelFixture, ChannelUnderTest, ContractRequest, UnsignedRequest, WebhookInbound } from './fixture.ts';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const ELLIPSIS = /(…|\.\.\.)$/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A reply far over any limit: words, emoji (surrogate pairs) and a joined family emoji, each a distinct token. */
function longReply(minLength: number): string[] {
  const tokens: string[] = [];
  for (let index = 0, length = 0; length < minLength; index += 1) {
    const token = index % 9 === 4 ? '👩‍👩‍👧' : index % 5 === 0 ? '😀' : `word${index}`;
    tokens.push(token);
    length += token.length + 1;
  }
  return tokens;
}

/** Runs the contract against one channel. */
export function channelContract(fixture: ChannelFixture): void {
  describe(`the ${fixture.id} channel keeps the channel contract`, () => {
    let store: SqliteStore;
    let server: Server;
    let base: string;
    let channel: ChannelUnderTest;
    /** What the adapter handed to the gateway, duplicates included. */
    const accepted: { message: InboundMessage; result: AcceptResult }[] = [];
    let counter = 0;
    const freshId = () => `contract-${fixture.id}-${Date.now().toString(36)}-${++counter}`;

    // The gateway's accept, minus the dispatcher: the real inbox, with its unique key, decides what is new.
    const accept = async (message: InboundMessage): Promise<AcceptResult> => {
      const { item, duplicate } = await store.inbox.insert(message, resolveIdentity(message, { mergePhoneChannels: false }));
      const result = { id: item.id, duplicate };
      accepted.push({ message, result });
      return result;
    };
    const stored = () => store.db.prepare('SELECT (SELECT count(*) FROM inbox) AS inbox, (SELECT count(*) FROM channel_state) AS state').get() as { inbox: number; state: number };

    const post = async (request: ContractRequest): Promise<number> => {
      const response = await fetch(`${base}${request.path}`, { method: 'POST', headers: request.headers, body: request.body });
      await response.arrayBuffer();
      return response.status;
    };
    const webhook = (): WebhookInbound => {
      if (channel.inbound.kind !== 'webhook') throw new Error('not a webhook channel');
      return channel.inbound;
    };
    /** The request as the provider sends it, signed when the channel verifies. */
    const asSent = (request: UnsignedRequest, options?: { at?: Date }): ContractRequest => {
      const { verification } = webhook();
      if ('none' in verification) return { path: request.path, body: request.body, headers: { 'content-type': request.contentType } };
      return verification.sign(request, options);
    };
    /** Delivers a message from the person and returns what the adapter accepted. */
    const receive = async (text: string, id = freshId()): Promise<InboundMessage> => {
      const before = accepted.length;
      if (channel.inbound.kind === 'local') await accept(channel.inbound.message(text));
      else expect(await post(asSent(channel.inbound.message(text, id)))).toBeLessThan(300);
      expect(accepted.length).toBe(before + 1);
      return accepted.at(-1)!.message;
    };
    const replyTo = (message: InboundMessage, fields: Partial<OutboundMessage> = {}): OutboundMessage => ({
      id: `out-${freshId()}`,
      channel: fixture.id,
      recipientAddress: message.senderAddress,
      replyAddress: message.replyAddress,
      replyTo: message.providerMessageId,
      text: 'Your refund for order 1042 is on its way.',
      language: 'en',
      createdAt: new Date(),
      ...fields,
    });

    beforeAll(async () => {
      store = openSqliteStore(`sqlite:${join(tempDir(), 'contract.db')}`);
      channel = await fixture.start({ state: store.channelState, logger: quiet, reportDelivery: async () => {} }, store);
      expect(channel.adapter.id).toBe(fixture.id);
      const app = express();
      const router = express.Router();
      channel.adapter.mount(router, accept);
      app.use(router);
      app.use(notFound);
      app.use(errorHandler(quiet));
      server = await new Promise<Server>((resolve) => {
        const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
      });
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await channel.served?.(base);
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await channel.close();
      await channel.adapter.close?.();
      await store.close();
    });

    it('a verified request becomes one InboundMessage with the fields every channel fills', async () => {
      const before = stored().inbox;
      const id = freshId();
      const message = await receive('Where is my refund for order 1042?', id);
      expect(stored().inbox).toBe(before + 1);
      expect(message.channel).toBe(fixture.id);
      // The provider's id, or (web, whose clients choose ids) that id within its sender.
      if (channel.inbound.kind === 'webhook') expect(message.providerMessageId.endsWith(id)).toBe(true);
      else expect(message.providerMessageId).toMatch(/\S/);
      expect(message.senderAddress).toMatch(/\S/);
      expect(message.text).toBe('Where is my refund for order 1042?');
      expect(message.receivedAt).toBeInstanceOf(Date);
      expect(Math.abs(Date.now() - message.receivedAt.getTime())).toBeLessThan(60_000);
    });

    it('an unverified or stale request is refused before parsing, and nothing is stored', async () => {
      if (channel.inbound.kind === 'local') {
        // The documented alternative: no route at all, so nothing reaches it from the network.
        const router = express.Router();
        channel.adapter.mount(router, accept);
        expect(router.stack).toHaveLength(0);
        expect(channel.inbound.why).toMatch(/\S/);
        return;
      }
      const inbound = channel.inbound;
      const { verification } = inbound;
      if ('none' in verification) {
        // Nothing to verify on this channel (the reason is declared); what it cannot read is still refused and not stored.
        expect(verification.none).toMatch(/\S/);
        return;
      }
      const before = stored();
      const acceptedBefore = accepted.length;
      const request = inbound.message('Freeze my card please', freshId());
      const signed = verification.sign(request);
      const refusals: Record<string, ContractRequest> = {
        unsigned: { path: request.path, body: request.body, headers: { 'content-type': request.contentType } },
        forged: verification.sign(request, { forged: true }),
        tampered: { ...verification.sign(request), body: verification.tamper(request).body },
        // Refused before the body is read: garbage without a valid signature is not a 400.
        'unsigned garbage': { path: inbound.malformed().path, body: inbound.malformed().body, headers: { 'content-type': inbound.malformed().contentType } },
      };
      if (verification.stale === 'signed-time') refusals.stale = verification.sign(request, { at: new Date(Date.now() - 60 * 60 * 1000) });
      // botframework-connector prints every token it rejects with console.error; the statuses say it here.
      const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
      const statuses: Record<string, number> = {};
      try {
        for (const [name, refused] of Object.entries(refusals)) statuses[name] = await post(refused);
      } finally {
        printed.mockRestore();
      }
      for (const [name, status] of Object.entries(statuses)) expect([401, 403], `${name} answered ${status}`).toContain(status);
      expect(stored()).toEqual(before);
      expect(accepted.length).toBe(acceptedBefore);
      expect(signed.headers).not.toEqual(refusals.unsigned!.headers);
      if (verification.stale !== 'signed-time') {
        // No time in the signature: a replayed request is the same provider message, which the inbox takes once.
        expect(verification.stale.none).toMatch(/\S/);
        expect(await post(signed)).toBeLessThan(300);
        expect(await post(signed)).toBeLessThan(300);
        expect(stored().inbox).toBe(before.inbox + 1);
      }
    });

    it('a request it cannot read is refused with a 4xx, and nothing is stored', async () => {
      if (channel.inbound.kind === 'local') return expect(channel.inbound.why).toMatch(/\S/);
      const before = stored();
      const status = await post(asSent(channel.inbound.malformed()));
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(stored()).toEqual(before);
    });

    it("a provider's retry of the same message is accepted as a duplicate", async () => {
      if (channel.inbound.kind === 'local') {
        // No provider delivers twice: each typed line is a message of its own, even the same words again.
        const first = channel.inbound.message('yes');
        const second = channel.inbound.message('yes');
        expect(first.providerMessageId).not.toBe(second.providerMessageId);
        return;
      }
      const inbound = channel.inbound;
      const before = stored().inbox;
      const request = inbound.message('I was charged twice', freshId());
      expect(await post(asSent(request))).toBeLessThan(300);
      const retried = asSent(request);
      expect(await post({ ...retried, headers: { ...retried.headers, ...inbound.retryHeaders } })).toBeLessThan(300);
      expect(stored().inbox).toBe(before + 1);
      expect(accepted.slice(-2).map((entry) => entry.result.duplicate)).toEqual([false, true]);
    });

    it('a long reply stays within the channel limit, no word or surrogate pair split', async () => {
      const person = await receive('Tell me everything');
      const max = channel.adapter.limits.maxTextLength;
      const tokens = longReply(max * 3.5);
      await channel.adapter.send(replyTo(person, { text: tokens.join(' ') }));
      const delivery = await channel.provider.next();
      const known = new Set(tokens);
      const wordsOf = (text: string) => text.split(/\s+/).map((word) => word.replace(ELLIPSIS, '')).filter(Boolean);
      for (const text of [...delivery.texts, ...(delivery.previews ?? [])]) {
        expect(text.length).toBeLessThanOrEqual(max);
        expect(text).not.toMatch(LONE_SURROGATE);
        expect(wordsOf(text).filter((word) => !known.has(word))).toEqual([]);
      }
      // The parts carry the reply from its start, in order: all of it, or its start and an ellipsis.
      const carried = delivery.texts.flatMap(wordsOf);
      expect(carried).toEqual(tokens.slice(0, carried.length));
      if (fixture.longReplies === 'split') expect(carried).toEqual(tokens);
      else expect(delivery.texts.at(-1)).toMatch(ELLIPSIS);
    });

    it('choices round-trip as actions', async () => {
      const person = await receive('I want to dispute order 2002');
      const choices = [
        { label: 'Yes', value: 'intent:affirm' },
        { label: 'No', value: 'intent:deny' },
      ];
      await channel.adapter.send(replyTo(person, { text: 'Shall I open a dispute for order 2002?', choices }));
      const delivery = await channel.provider.next();
      expect(delivery.choiceLabels).toEqual(['Yes', 'No']);
      const choose = channel.inbound.choose;
      if ('asText' in choose) {
        // No buttons to press: the person answers with the label, which reaches the assistant as text.
        expect(choose.asText).toMatch(/\S/);
        expect((await receive('No')).text).toBe('No');
        return;
      }
      const before = accepted.length;
      expect(await post(asSent(choose(delivery, 1, freshId())))).toBeLessThan(300);
      expect(accepted.length).toBe(before + 1);
      expect(accepted.at(-1)!.message).toMatchObject({ channel: fixture.id, senderAddress: person.senderAddress, action: 'intent:deny' });
    });

    it('a provider 429 becomes a RateLimitError with its delay, a permanent refusal a ChannelError not to retry', async () => {
      const person = await receive('Hello');
      const provider = channel.provider;
      if (provider.kind === 'outbox') {
        // No provider to throttle or refuse: stored is delivered, and send says so with the outbox id.
        expect(provider.why).toMatch(/\S/);
        const reply = replyTo(person);
        expect(await channel.adapter.send(reply)).toEqual({ providerMessageId: reply.id });
        await provider.next();
        return;
      }
      provider.rateLimitNext(7);
      const limited = await channel.adapter.send(replyTo(person)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(limited).toBeInstanceOf(RateLimitError);
      expect(limited).toMatchObject({ retryable: true, retryAfterMs: 7000 });
      provider.refuseNext();
      const refused = await channel.adapter.send(replyTo(person)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ChannelError);
      expect(refused).not.toBeInstanceOf(RateLimitError);
      expect(refused).toMatchObject({ retryable: false });
    });

    it("send reaches the provider's API (a local fake) for the person who wrote", async () => {
      const person = await receive('Where is my order?');
      const receipt = await channel.adapter.send(replyTo(person, { text: 'Order 7001 arrives on Friday.' }));
      const delivery = await channel.provider.next();
      expect(delivery.to).toBe(channel.destination(person));
      expect(delivery.texts.join('\n')).toContain('Order 7001 arrives on Friday.');
      expect(receipt.providerMessageId).toMatch(/\S/);
    });
  });
}
