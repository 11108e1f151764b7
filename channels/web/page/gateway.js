// The web channel's routes as the page uses them. Paths are relative, so the page also works
// when a reverse proxy serves the gateway under a prefix.

/** Replies are read in pages of this size, and at most this many pages on a load. */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;
/** Replies kept when loading: the newest. */
export const SHOWN_KEEP = 300;

/** JSON from a GET, or null for any failure (an older gateway without the route, a network error). */
export async function getJson(url, headers = {}) {
  try {
    const res = await fetch(url, { headers, credentials: 'same-origin' });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}

/** A message id the gateway dedupes on; crypto.randomUUID needs a secure context, this does not. */
export function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `w-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The proof an identity reads with: headers for fetch, a query for EventSource (which sends none). */
export function credentials(identity) {
  const headers = {};
  const query = new URLSearchParams();
  if (identity.guestToken) {
    headers['x-switchboard-guest-token'] = identity.guestToken;
    query.set('guestToken', identity.guestToken);
  }
  if (identity.userHash) {
    headers['x-switchboard-user-hash'] = identity.userHash;
    query.set('userHash', identity.userHash);
  }
  return { headers, query };
}

const userPath = (identity, suffix) => `webhooks/web/${encodeURIComponent(identity.userId)}/${suffix}`;

/**
 * Which identities the page offers: the gateway's own word when it has a mode route,
 * else demo when it lists demo customers (development), else guests only. The demo
 * customers are asked for only when the gateway is in demo mode (or does not say).
 */
export async function loadMode() {
  const config = await getJson('webhooks/web/config');
  const declared = config && typeof config.mode === 'string' ? config.mode : undefined;
  const demo = declared === undefined || declared === 'demo' ? await getJson('web/demo-customers') : null;
  const customers = demo && Array.isArray(demo.customers) ? demo.customers : [];
  const mode = declared || (customers.length ? 'demo' : 'guest');
  return { mode, customers: mode === 'demo' ? customers : [] };
}

/** `POST /webhooks/web` with the identity's proof (header, and the cookie on the same origin). */
export function postMessage(identity, body) {
  return fetch('webhooks/web', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...credentials(identity).headers },
    body: JSON.stringify(body),
  });
}

/** The identity's replies after `after` (all when empty), oldest first, the newest SHOWN_KEEP kept. */
export async function fetchReplies(identity, after) {
  const all = [];
  let cursor = after;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set('after', cursor);
    const res = await fetch(`${userPath(identity, 'messages')}?${query}`, { headers: credentials(identity).headers, credentials: 'same-origin' });
    if (!res.ok) {
      const error = new Error(`HTTP ${res.status}`);
      error.status = res.status;
      throw error;
    }
    const list = (await res.json()).messages || [];
    all.push(...list);
    if (all.length > SHOWN_KEEP) all.splice(0, all.length - SHOWN_KEEP);
    if (list.length < PAGE_SIZE) break;
    cursor = list[list.length - 1].id;
  }
  return all;
}

/** Live replies over Server-Sent Events, from after `lastReplyId`. */
export function openStream(identity, lastReplyId) {
  const { query } = credentials(identity);
  if (lastReplyId) query.set('after', lastReplyId);
  const suffix = query.toString() ? `?${query}` : '';
  return new EventSource(userPath(identity, `stream${suffix}`), { withCredentials: true });
}
