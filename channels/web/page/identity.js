// Who the visitor is, kept in this browser: a demo customer or a guest (with the guest token the
// gateway handed out) in localStorage; an identity the embedding site signed only for this tab.
// Shape: { kind: 'customer' | 'guest' | 'verified', userId?, name?, market?, guestToken?, userHash? }

const IDENTITY_KEY = 'switchboard.identity';
const sentKey = (userId) => `switchboard.sent.${userId}`;
/** Own messages remembered per identity (the gateway's history holds only the replies). */
const SENT_KEEP = 200;

function readJson(storage, key, fallback) {
  try {
    return JSON.parse(storage.getItem(key) || 'null') ?? fallback;
  } catch {
    return fallback;
  }
}

export function readIdentity() {
  const stored = readJson(localStorage, IDENTITY_KEY, null);
  return stored && typeof stored === 'object' && typeof stored.kind === 'string' ? stored : null;
}

export function saveIdentity(identity) {
  try {
    if (identity && identity.kind === 'verified') sessionStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
    else if (identity) localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
    else localStorage.removeItem(IDENTITY_KEY);
  } catch {
    // Private browsing without storage: the chat still works, it only forgets on reload.
  }
}

/**
 * An identity the embedding site signed for this visitor: `#userId=…&userHash=…` (and `&name=`).
 * The fragment never reaches a server; it leaves the address bar at once and is kept for this tab.
 */
export function identityFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const userId = params.get('userId');
  const userHash = params.get('userHash');
  if (userId && userHash) {
    history.replaceState(null, '', location.pathname + location.search);
    return { kind: 'verified', userId, userHash, name: params.get('name') || userId };
  }
  const stored = readJson(sessionStorage, IDENTITY_KEY, null);
  return stored && stored.kind === 'verified' ? stored : null;
}

/** A stored identity the gateway still offers: a demo customer only while it lists them. */
export function stillOffered(identity, demoCustomers) {
  if (!identity) return false;
  if (identity.kind === 'customer') return demoCustomers.some((customer) => customer.userId === identity.userId);
  return true;
}

/** The visitor's own messages as this browser remembers them: `{ id, text, at, action? }`. */
export function readSent(identity) {
  if (!identity.userId) return [];
  const list = readJson(localStorage, sentKey(identity.userId), []);
  return Array.isArray(list) ? list : [];
}

export function rememberSent(identity, entry) {
  if (!identity.userId) return;
  const list = readSent(identity).filter((item) => item.id !== entry.id);
  list.push(entry);
  try {
    localStorage.setItem(sentKey(identity.userId), JSON.stringify(list.slice(-SENT_KEEP)));
  } catch {
    // Storage full or off: the message was still sent.
  }
}

export function forgetSent(identity) {
  if (identity && identity.userId) localStorage.removeItem(sentKey(identity.userId));
}
