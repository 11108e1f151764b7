import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Request, RequestHandler } from 'express';
import type { HandoffConfig } from './config.ts';
import { visibleQueues, type QueueRules } from './queues.ts';
import type { ConsoleSessionStore } from './sessions.ts';
import type { AgentIdentity } from './types.ts';
import { limitWrongCredentials, WrongCredentials } from './wrong-credentials.ts';

export const SESSION_COOKIE = 'switchboard_console';
/** Sessions kept per token: the newest win, older ones end (a bound on the table, not a working limit). */
export const SESSIONS_PER_TOKEN = 50;

/** Constant-time equality of two secrets of any length (compared as SHA-256 digests). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * A display name an agent may pick in the console: short, printable. Markup goes whole, tags
 * and all ("<i>Eve</i>" is Eve, not "iEvei"); then anything but letters, digits, spaces and . _ @ -.
 */
export function cleanName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const cleaned = name
    .replace(/<[^>]*>/g, ' ')
    .replace(/[^\p{L}\p{N} ._@-]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40);
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

/** Names the token a session was opened with, without storing the token. */
export const tokenFingerprint = (token: string) => createHash('sha256').update(`switchboard-console-session:${token}`).digest('hex');
const hashSessionId = (value: string) => createHash('sha256').update(value).digest('hex');

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** An authenticated request: who, and how (a cookie-authenticated write must come from the console's own origin). */
export interface Authenticated {
  agent: AgentIdentity;
  via: 'bearer' | 'cookie';
  /** The session's id hash, for cookie requests. */
  session?: string;
}

export interface HandoffAuthDeps {
  config: HandoffConfig;
  rules: QueueRules;
  sessions: ConsoleSessionStore;
  now: () => Date;
}

/**
 * Bearer tokens for the API, and server-side sessions for the console: signing in stores a
 * session (the cookie holds only its random id), signing out or expiry deletes it, so a
 * copied cookie stops working everywhere at once.
 */
export class HandoffAuth {
  /** Emits `ended` with a session's id hash when it is signed out here (open event streams close). */
  readonly events = new EventEmitter();
  /** Middleware for every route that takes a token: too many wrong ones from one address get 429. */
  readonly limitGuessing: RequestHandler = limitWrongCredentials(new WrongCredentials(), SESSION_COOKIE);

  constructor(private readonly deps: HandoffAuthDeps) {
    this.events.setMaxListeners(0);
  }

  get ttlMs(): number {
    return this.deps.config.CONSOLE_SESSION_TTL_MS;
  }

  /** Trades a token for a new session; `undefined` for a wrong token. */
  async signIn(token: string, name: string | undefined): Promise<{ cookieValue: string; agent: AgentIdentity; expiresAt: Date } | undefined> {
    const agent = agentForToken(token, this.deps.config, this.deps.rules, name);
    if (!agent) return undefined;
    const now = this.deps.now();
    const cookieValue = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.deps.sessions.prune(now);
    await this.deps.sessions.create(
      { idHash: hashSessionId(cookieValue), agentId: agent.id, name: name ?? agent.id, tokenFingerprint: tokenFingerprint(token), createdAt: now, expiresAt },
      SESSIONS_PER_TOKEN,
    );
    return { cookieValue, agent, expiresAt };
  }

  /** Ends the request's session, if it has one. */
  async signOut(request: Request): Promise<void> {
    const value = cookie(request, SESSION_COOKIE);
    if (!value) return;
    const idHash = hashSessionId(value);
    await this.deps.sessions.delete(idHash);
    this.events.emit('ended', idHash);
  }

  /** True while the session still exists and has not expired (checked again by long-lived streams). */
  async sessionAlive(idHash: string): Promise<boolean> {
    return (await this.fromSession(idHash)) !== undefined;
  }

  /** The agent behind a request: a Bearer token, or the console's session cookie. */
  async authenticate(request: Request): Promise<Authenticated | undefined> {
    const { config, rules } = this.deps;
    const header = request.get('authorization');
    if (header?.startsWith('Bearer ')) {
      const agent = agentForToken(header.slice(7).trim(), config, rules, cleanName(request.get('x-agent-name')));
      return agent ? { agent, via: 'bearer' } : undefined;
    }
    const value = cookie(request, SESSION_COOKIE);
    if (!value) return undefined;
    const idHash = hashSessionId(value);
    const agent = await this.fromSession(idHash);
    return agent ? { agent, via: 'cookie', session: idHash } : undefined;
  }

  private async fromSession(idHash: string): Promise<AgentIdentity | undefined> {
    const session = await this.deps.sessions.get(idHash, this.deps.now());
    if (!session) return undefined;
    const { config, rules } = this.deps;
    // The token must still be configured: rotating or removing it ends its sessions.
    const tokens = [...(config.CONSOLE_TOKEN ? [config.CONSOLE_TOKEN] : []), ...config.agentTokens.keys()];
    const token = tokens.find((candidate) => tokenFingerprint(candidate) === session.tokenFingerprint);
    return token ? agentForToken(token, config, rules, cleanName(session.name)) : undefined;
  }
}
