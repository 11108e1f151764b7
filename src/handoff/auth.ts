import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { HandoffConfig } from './config.ts';
import { visibleQueues, type QueueRules } from './queues.ts';
import type { AgentIdentity } from './types.ts';

export const SESSION_COOKIE = 'switchboard_console';

/** Constant-time equality of two secrets of any length (compared as SHA-256 digests). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A display name an agent may pick in the console: short, printable. */
export function cleanName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const cleaned = name.replace(/[^\p{L}\p{N} ._@-]/gu, '').trim().slice(0, 40);
  return cleaned || undefined;
}

/**
 * Who a token belongs to: `CONSOLE_TOKEN` is a supervisor who sees every queue (named by the
 * `X-Agent-Name` header or the console login); `HANDOFF_AGENT_TOKENS` name agents, who see
 * unrestricted queues and the restricted ones they are listed for.
 */
export function agentForToken(token: string, config: HandoffConfig, rules: QueueRules, name?: string): AgentIdentity | undefined {
  let match: AgentIdentity | undefined;
  // Every candidate is compared, so the time taken does not say which one matched.
  if (config.CONSOLE_TOKEN && sameSecret(token, config.CONSOLE_TOKEN)) {
    match = { id: name ?? 'console', ...(name ? { name } : {}), queues: rules.queues.map((queue) => queue.id), supervisor: true };
  }
  for (const [candidate, agentId] of config.agentTokens) {
    if (sameSecret(token, candidate) && !match) {
      const agent = rules.agents.find((known) => known.id === agentId);
      match = { id: agentId, ...(agent?.name ? { name: agent.name } : {}), queues: visibleQueues(rules, agentId) };
    }
  }
  return match;
}

/** The console's session cookie: the agent's name, signed with the token they logged in with. */
export function sessionCookie(token: string, name: string): string {
  const encoded = Buffer.from(name).toString('base64url');
  return `${encoded}.${createHmac('sha256', token).update(`console:${encoded}`).digest('base64url')}`;
}

function fromCookie(value: string, config: HandoffConfig, rules: QueueRules): AgentIdentity | undefined {
  const [encoded, signature] = value.split('.');
  if (!encoded || !signature) return undefined;
  const name = Buffer.from(encoded, 'base64url').toString('utf8');
  const tokens = [...(config.CONSOLE_TOKEN ? [config.CONSOLE_TOKEN] : []), ...config.agentTokens.keys()];
  let match: AgentIdentity | undefined;
  for (const token of tokens) {
    if (sameSecret(sessionCookie(token, name), value) && !match) match = agentForToken(token, config, rules, cleanName(name));
  }
  return match;
}

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The agent behind a request: a Bearer token, or the console's session cookie. */
export function authenticate(request: Request, config: HandoffConfig, rules: QueueRules): AgentIdentity | undefined {
  const header = request.get('authorization');
  if (header?.startsWith('Bearer ')) return agentForToken(header.slice(7).trim(), config, rules, cleanName(request.get('x-agent-name')));
  const session = cookie(request, SESSION_COOKIE);
  return session ? fromCookie(session, config, rules) : undefined;
}
