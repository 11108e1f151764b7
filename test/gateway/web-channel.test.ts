import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { webClient } from '../helpers/web-client.ts';

let gateway: RunningGateway;
let web: ReturnType<typeof webClient>;

beforeAll(async () => {
  gateway = await startGateway();
  web = webClient(gateway.url);
});
afterAll(async () => {
  await gateway.stop();
});

describe('the web channel', () => {
  it('acknowledges with 202 and the message id, then serves the reply with replyTo and createdAt', async () => {
    const { status, body } = await web.post({ userId: 'w-1', text: 'When is my next payment due?', id: 'msg-1' });
    expect(status).toBe(202);
    expect(body.id).toBe('msg-1');
    const [reply] = await web.waitForReplies('w-1', (list) => list.length > 0);
    expect(reply!.replyTo).toBe('msg-1');
    expect(reply!.text.length).toBeGreaterThan(10);
    expect(reply!.text).not.toContain('When is my next payment due?');
    expect(Number.isNaN(Date.parse(reply!.createdAt))).toBe(false);
    expect(reply!.meta?.route).toBe('payments');
  });

  it('generates an id when the client gives none', async () => {
    const { status, body } = await web.post({ userId: 'w-2', text: 'hello' });
    expect(status).toBe(202);
    expect(typeof body.id).toBe('string');
    await web.waitForReplies('w-2', (list) => list.some((r) => r.replyTo === body.id));
  });

  it('answers the same message delivered twice exactly once', async () => {
    const first = await web.post({ userId: 'w-dup', text: 'Where is my refund?', id: 'dup-1' });
    const second = await web.post({ userId: 'w-dup', text: 'Where is my refund?', id: 'dup-1' });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.duplicate).toBe(true);
    await web.send('w-dup', 'thanks', 'dup-2');
    const replies = await web.waitForReplies('w-dup', (list) => list.some((r) => r.replyTo === 'dup-2'));
    expect(replies.filter((r) => r.replyTo === 'dup-1')).toHaveLength(1);
  });

  it('two visitors who pick the same message id are both answered: an id is a visitor\'s own', async () => {
    const first = await web.post({ userId: 'w-same-a', text: 'where is my refund?', id: '1' });
    const second = await web.post({ userId: 'w-same-b', text: 'when is my next payment due?', id: '1' });
    expect([first.body.duplicate, second.body.duplicate]).toEqual([false, false]);
    expect([first.body.id, second.body.id]).toEqual(['1', '1']);
    for (const user of ['w-same-a', 'w-same-b']) {
      const [reply] = await web.waitForReplies(user, (list) => list.length > 0);
      expect(reply!.replyTo).toBe('1');
    }
  });

  it('answers one user’s messages, sent without waiting for answers, in the order sent', async () => {
    const ids = Array.from({ length: 15 }, (_, index) => `order-${index}`);
    const texts = ['hi', 'where is my order?', 'when is my payment due?', 'thanks', 'where is my refund?'];
    for (const [index, id] of ids.entries()) await web.send('w-order', texts[index % texts.length]!, id);
    const replies = await web.waitForReplies('w-order', (list) => ids.every((id) => list.some((r) => r.replyTo === id)));
    const answeredOrder = [...new Set(replies.map((r) => r.replyTo))];
    expect(answeredOrder).toEqual(ids);
  });

  it('answers many users at once, each exactly once', async () => {
    const users = Array.from({ length: 20 }, (_, index) => `w-many-${index}`);
    await Promise.all(users.map((user) => web.send(user, 'where is my refund?', `${user}-m`)));
    for (const user of users) {
      const replies = await web.waitForReplies(user, (list) => list.length > 0);
      expect(replies.filter((r) => r.replyTo === `${user}-m`).length).toBeGreaterThan(0);
    }
    await gateway.runtime.gateway.idle();
    for (const user of users) {
      const replies = await web.replies(user);
      expect(new Set(replies.map((r) => r.replyTo))).toEqual(new Set([`${user}-m`]));
    }
  });

  it('pages replies with after=<reply id>', async () => {
    await web.ask('w-page', 'hello');
    const second = await web.ask('w-page', 'where is my refund?');
    const [first] = await web.replies('w-page');
    const after = await web.replies('w-page', first!.id);
    expect(after.map((r) => r.id)).toContain(second.id);
    expect(after.map((r) => r.id)).not.toContain(first!.id);
    const res = await fetch(`${gateway.url}/webhooks/web/w-page/messages?after=nope`);
    expect(res.status).toBe(400);
  });

  it('pushes replies over Server-Sent Events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${gateway.url}/webhooks/web/w-sse/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await web.send('w-sse', 'hello there', 'sse-1');
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('"replyTo":"sse-1"')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value);
    }
    controller.abort();
    expect(received).toMatch(/event: message\ndata: \{.*"replyTo":"sse-1"/);
  });

  it('serves the chat page at /', async () => {
    const res = await fetch(`${gateway.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<form id="send"');
  });
});

describe('bad input', () => {
  const raw = (body: string, type = 'application/json') =>
    fetch(`${gateway.url}/webhooks/web`, { method: 'POST', headers: { 'content-type': type }, body });

  it('refuses malformed JSON with 400 and a reason', async () => {
    const res = await raw('{"userId": "x", "text": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_json' });
  });

  it('refuses missing or empty fields with 400 naming them', async () => {
    const missing = await raw(JSON.stringify({ userId: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toContain('text');
    const badId = await raw(JSON.stringify({ userId: 'guest#nope', text: 'hi' }));
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { message: string }).message).toContain('userId');
    const empty = await raw(JSON.stringify({ userId: 'x', text: '   ' }));
    expect(empty.status).toBe(400);
    const wrongType = await raw(JSON.stringify({ userId: 5, text: ['a'] }));
    expect(wrongType.status).toBe(400);
    const notObject = await raw('"just a string"');
    expect(notObject.status).toBe(400);
  });

  it('takes a message however its JSON is sent: with a charset, after a byte order mark, compressed or chunked', async () => {
    const body = (id: string) => JSON.stringify({ userId: 'w-sent', text: 'hello', id });
    const post = (payload: BodyInit, headers: Record<string, string>) => fetch(`${gateway.url}/webhooks/web`, { method: 'POST', headers, body: payload, duplex: 'half' } as RequestInit);
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body('chunked')));
        controller.close();
      },
    });
    const answers = [
      await post(body('charset'), { 'content-type': 'application/json; charset=UTF-8' }),
      await post(`\uFEFF${body('bom')}`, { 'content-type': 'application/json' }),
      await post(gzipSync(body('gzip')), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      await post(chunked, { 'content-type': 'application/json' }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202]);
    expect(await Promise.all(answers.map(async (answer) => ((await answer.json()) as { id: string }).id))).toEqual(['charset', 'bom', 'gzip', 'chunked']);
  });

  it('refuses oversized bodies with 413', async () => {
    const res = await raw(JSON.stringify({ userId: 'x', text: 'a'.repeat(200_000) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'body_too_large' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${gateway.url}/nope`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('stays up and keeps answering after all of that', async () => {
    const reply = await web.ask('w-after', 'hello');
    expect(reply.text.length).toBeGreaterThan(0);
  });
});

describe('operations', () => {
  it('reports health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: true, dispatcher: true });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_messages_accepted_total\{channel="web"\} \d+/);
    expect(metrics).toMatch(/switchboard_duplicates_dropped_total\{channel="web"\} [1-9]/);
    expect(metrics).toContain('switchboard_turn_duration_seconds_bucket');
    expect(metrics).toContain('switchboard_queue_depth');
  });
});
