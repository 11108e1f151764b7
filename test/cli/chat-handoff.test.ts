import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket } from '../../src/handoff/types.ts';
import { api, QUEUE_CHANNEL, startRig, until, type Rig } from '../handoff/harness.ts';

/*
 * A terminal customer handed to a person: the chat runs in its own process on the same
 * database as the gateway whose console the agent uses. The agent's messages and the rating
 * question are pushed to the running chat, and the rating the customer then gives is stored.
 */
const USER = '+46701234567';
let rig: Rig;
let chat: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';

beforeAll(async () => {
  rig = await startRig();
  chat = spawn(process.execPath, ['bin/switchboard.js', 'chat', '--user', USER], {
    // The chat has no Slack of its own: the ticket's Slack post is left for the gateway, which has.
    env: { ...process.env, DATABASE_URL: `sqlite:${join(rig.dir, 'gateway.db')}`, LOG_LEVEL: 'warn', HANDOFF_SLACK_CHANNEL: QUEUE_CHANNEL },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  chat.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  chat.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
}, 180_000);
afterAll(async () => {
  if (chat?.exitCode === null) chat.kill('SIGKILL');
  await rig?.close();
});

const says = (text: string) => chat.stdin.write(`${text}\n`);
const printed = (text: string | RegExp, timeoutMs = 30_000) =>
  until(`the chat to print ${String(text)}`, () => (typeof text === 'string' ? stdout.includes(text) : text.test(stdout)), timeoutMs).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  });

describe('handoff in the terminal chat', () => {
  it('pushes the agent’s messages and the rating question to the running chat, and stores the rating', { timeout: 420_000 }, async () => {
    says('I want to talk to a person');
    // The chat process starts first (slow on a loaded machine), then answers.
    await printed(/number 1 in line/, 240_000);
    const ticket = await until('the ticket', async () => (await api<{ tickets: Ticket[] }>(rig, '/tickets')).body.tickets.find((candidate) => candidate.contact.senderAddress === USER), 30_000);
    expect(ticket.contact.channel).toBe('cli');
    await until('the ticket posted to Slack by the gateway', () => rig.slack.posted.some((post) => post.channel === QUEUE_CHANNEL && String(post.text).includes(`Ticket #${ticket.number}`)), 30_000);

    // The agent answers from the console's API while the chat sits waiting for input.
    expect((await api(rig, `/tickets/${ticket.id}/reply`, { method: 'POST', body: { text: 'Hi Astrid, this is Ana. Which order is it about?' }, agentName: 'Ana' })).status).toBe(202);
    await printed('Hi Astrid, this is Ana. Which order is it about?');

    // The customer's answer goes to the agent, not to the assistant.
    says('It is order 1042');
    await until('the customer line on the ticket', async () => {
      const { body } = await api<{ events: { kind: string; text: string }[] }>(rig, `/tickets/${ticket.id}`);
      return body.events.some((event) => event.kind === 'customer' && event.text === 'It is order 1042');
    }, 30_000);

    // Resolving brings the assistant back with the rating question, pushed to the chat.
    expect((await api(rig, `/tickets/${ticket.id}/resolve`, { method: 'POST', body: { note: 'We refunded order 1042.' }, agentName: 'Ana' })).status).toBe(200);
    await printed(/We refunded order 1042\.[\s\S]*1 \(poor\) to 5 \(excellent\)/);
    says('5');
    await until('the rating on the ticket', async () => (await api<{ ticket: Ticket }>(rig, `/tickets/${ticket.id}`)).body.ticket.rating === 5, 30_000);

    chat.stdin.end();
    const code = await new Promise<number | null>((resolve) => (chat.exitCode !== null ? resolve(chat.exitCode) : chat.once('exit', resolve)));
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(/dropped|not enabled/);
    // Each pushed message was shown once.
    expect(stdout.split('Hi Astrid, this is Ana.').length).toBe(2);
  });
});
