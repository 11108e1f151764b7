import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ASTRID, createHarness, type Harness } from './harness.ts';

/** A local stand-in for the LangSmith API that keeps every request body it is sent. */
let server: Server;
const bodies: string[] = [];
let h: Harness;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('latin1'));
      res.writeHead(200, { 'content-type': 'application/json' }).end(req.url?.startsWith('/info') ? '{"version":"0.0.0","batch_ingest_config":{}}' : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    LANGSMITH_TRACING: 'true',
    LANGSMITH_API_KEY: 'lsv2-test-key',
    LANGSMITH_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    LANGSMITH_PROJECT: 'switchboard-test',
  });
  h = createHarness();
});

afterAll(async () => {
  h.close();
  process.env = saved;
  await new Promise((resolve) => server.close(resolve));
});

it('traces a turn to LangSmith with its outcome as metadata and the card number masked', async () => {
  await h.say(ASTRID, 'my card 4111 1111 1111 1111 was stolen');
  const { awaitAllCallbacks } = await import('@langchain/core/callbacks/promises');
  await awaitAllCallbacks();
  const deadline = Date.now() + 10_000;
  while (!bodies.some((body) => body.includes('switchboard_turn') && body.includes('escalation_reason')) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sent = bodies.join('\n');
  expect(sent).toContain('switchboard_turn');
  expect(sent).toMatch(/"route":\s*"disputes"/);
  expect(sent).toMatch(/"escalation_reason":\s*"stolen_card"/);
  expect(sent).toMatch(/"channel":\s*"cli"/);
  expect(sent).not.toContain('4111 1111 1111 1111');
  expect(sent).not.toContain('4111111111111111');
});

it('masks phone numbers and e-mail addresses in every run of the trace, the graph’s nested runs included', async () => {
  bodies.length = 0;
  await h.say(ASTRID, 'please call me on +46 70 987 65 43 or write to astrid.private@example.org about my refund');
  const { awaitAllCallbacks } = await import('@langchain/core/callbacks/promises');
  await awaitAllCallbacks();
  const deadline = Date.now() + 10_000;
  while (!bodies.some((body) => body.includes('switchboard_turn') && body.includes('[email]')) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sent = bodies.join('\n');
  expect(sent).toContain('[phone]');
  expect(sent).toContain('[email]');
  expect(sent).not.toContain('987 65 43');
  expect(sent).not.toContain('+46709876543');
  expect(sent).not.toContain('astrid.private@example.org');
});
