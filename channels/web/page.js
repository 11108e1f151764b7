// The Switchboard chat page. Plain browser JavaScript, no build step: served as is at /web/page.js.
// Identity: a demo customer picked on the first screen (demo mode), an identity the embedding
// site passes in the URL fragment (#userId=…&userHash=…), or a guest whose token the gateway hands out.
'use strict';

const KEYS = { identity: 'switchboard.identity', sent: (userId) => `switchboard.sent.${userId}` };
/** Own messages remembered per identity (the gateway's history holds the replies). */
const SENT_KEEP = 200;
/** Replies fetched on load: pages of 500, newest kept on screen. */
const PAGE_SIZE = 500;
const MAX_PAGES = 20;
const SHOWN_KEEP = 300;
/** How long "writing an answer…" may show without a reply. */
const TYPING_MS = 20_000;

const $ = (id) => document.getElementById(id);
const log = $('log');
const form = $('send');

let strings = {};
let languageNames = {};
let mode = 'demo';
let demoCustomers = [];
/** { kind: 'customer' | 'guest' | 'verified', userId?, name?, market?, guestToken?, userHash? } */
let identity = null;
let stream = null;
let lastReplyId = '';
const shown = new Set();
const pending = new Map();
/** True while a person (not the assistant) has the conversation: no typing indicator then. */
let withPerson = false;

// ---------------------------------------------------------------- words

function t(key, vars = {}) {
  const text = key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), strings);
  if (typeof text !== 'string') return key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => (vars[name] === undefined ? '' : String(vars[name])));
}

function wantedLanguage() {
  const asked = new URLSearchParams(location.search).get('lang');
  return asked || (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
}

async function loadStrings() {
  const body = await getJson(`web/strings/${encodeURIComponent(wantedLanguage())}`);
  if (!body) return;
  strings = body.strings || {};
  languageNames = body.languages || {};
  document.documentElement.lang = body.language;
}

function regionName(code) {
  try {
    return new Intl.DisplayNames([document.documentElement.lang], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}

const capitalized = (text) => (text ? text.charAt(0).toLocaleUpperCase(document.documentElement.lang) + text.slice(1) : text);

function applyStaticStrings() {
  document.title = t('title');
  $('title').textContent = t('title');
  $('picker-heading').textContent = t('picker.heading');
  $('picker-intro').textContent = t('picker.intro');
  $('guest').textContent = t('picker.guest');
  $('guest-hint').textContent = t('picker.guest_hint');
  form.elements.text.placeholder = t('chat.placeholder');
  form.querySelector('button').textContent = t('chat.send');
}

// ---------------------------------------------------------------- the gateway

async function getJson(url, headers = {}) {
  try {
    const res = await fetch(url, { headers, credentials: 'same-origin' });
    if (!res.ok) return null;
    return await res.json();
  } catch {
    return null;
  }
}

/** A message id the gateway dedupes on; crypto.randomUUID needs a secure context, this does not. */
function newId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `w-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function credentials() {
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

const userPath = (suffix) => `webhooks/web/${encodeURIComponent(identity.userId)}/${suffix}`;

/**
 * Which identities the page offers: the gateway's own word when it has a mode route,
 * else demo when it lists demo customers (development), else guests only.
 */
async function loadMode() {
  const [config, demo] = await Promise.all([getJson('webhooks/web/config'), getJson('web/demo-customers')]);
  const customers = demo && Array.isArray(demo.customers) ? demo.customers : [];
  const declared = config && typeof config.mode === 'string' ? config.mode : undefined;
  mode = declared || (customers.length ? 'demo' : 'guest');
  demoCustomers = mode === 'demo' ? customers : [];
}

// ---------------------------------------------------------------- identity

function readIdentity() {
  try {
    const stored = JSON.parse(localStorage.getItem(KEYS.identity) || 'null');
    return stored && typeof stored === 'object' && typeof stored.kind === 'string' ? stored : null;
  } catch {
    return null;
  }
}

function saveIdentity() {
  try {
    if (identity && identity.kind === 'verified') sessionStorage.setItem(KEYS.identity, JSON.stringify(identity));
    else if (identity) localStorage.setItem(KEYS.identity, JSON.stringify(identity));
    else localStorage.removeItem(KEYS.identity);
  } catch {
    // Private browsing without storage: the chat still works, it only forgets on reload.
  }
}

/** An identity the embedding site signed for this visitor: #userId=…&userHash=… (kept for the tab only). */
function identityFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const userId = params.get('userId');
  const userHash = params.get('userHash');
  if (userId && userHash) {
    history.replaceState(null, '', location.pathname + location.search);
    return { kind: 'verified', userId, userHash, name: params.get('name') || userId };
  }
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEYS.identity) || 'null');
    return stored && stored.kind === 'verified' ? stored : null;
  } catch {
    return null;
  }
}

/** A stored identity this gateway still offers (a demo customer only while in demo mode). */
function stillOffered(candidate) {
  if (!candidate) return false;
  if (candidate.kind === 'customer') return demoCustomers.some((customer) => customer.userId === candidate.userId);
  return true;
}

// ---------------------------------------------------------------- own messages, kept locally

function readSent() {
  if (!identity.userId) return [];
  try {
    const list = JSON.parse(localStorage.getItem(KEYS.sent(identity.userId)) || '[]');
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function rememberSent(entry) {
  if (!identity.userId) return;
  const list = readSent().filter((item) => item.id !== entry.id);
  list.push(entry);
  try {
    localStorage.setItem(KEYS.sent(identity.userId), JSON.stringify(list.slice(-SENT_KEEP)));
  } catch {
    // Storage full or off: the message was still sent.
  }
}

// ---------------------------------------------------------------- rendering

function scrollDown() {
  log.scrollTop = log.scrollHeight;
}

/** Buttons answer the newest question only: older groups are switched off. */
function retireChoices(except) {
  for (const group of log.querySelectorAll('.choices')) {
    if (group === except) continue;
    for (const button of group.querySelectorAll('button')) button.disabled = true;
  }
}

function addMine(text, options = {}) {
  retireChoices();
  const div = document.createElement('div');
  div.className = `msg me${options.choice ? ' choice' : ''}`;
  div.textContent = text;
  div.setAttribute('aria-label', `${t('chat.you')}: ${text}`);
  if (options.id) div.dataset.id = options.id;
  log.appendChild(div);
  clearSuggestions();
  scrollDown();
  return div;
}

function tag(text, className = '') {
  const span = document.createElement('span');
  span.className = `tag ${className}`.trim();
  span.textContent = text;
  return span;
}

function addReply(reply) {
  if (shown.has(reply.id)) return;
  shown.add(reply.id);
  if (reply.replyTo) pending.delete(reply.replyTo);
  const meta = reply.meta || {};
  const handoff = meta.handoff || {};
  if (meta.escalated || handoff.kind === 'joined' || handoff.kind === 'agent_reply') withPerson = true;
  if (handoff.kind === 'comeback' || meta.resumed) withPerson = false;
  updateTyping();

  retireChoices();
  clearSuggestions();
  const div = document.createElement('div');
  div.className = 'msg bot';
  div.dataset.id = reply.id;
  if (reply.language) div.lang = reply.language;
  if (handoff.kind === 'agent_reply') {
    div.classList.add('agent');
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = handoff.agent ? t('chat.agent', { agent: handoff.agent }) : t('chat.agent', { agent: '' }).trim();
    div.appendChild(author);
  }
  div.appendChild(document.createTextNode(reply.text));

  const tags = document.createElement('div');
  tags.className = 'tags';
  if (reply.language) {
    const name = capitalized(languageNames[reply.language] || reply.language.toUpperCase());
    const languageTag = tag(name, 'language');
    languageTag.dataset.language = reply.language;
    languageTag.title = t('chat.language_tag', { language: languageNames[reply.language] || reply.language });
    tags.appendChild(languageTag);
  }
  if (meta.escalated) tags.appendChild(tag(t('chat.handed_off'), 'handoff'));
  if (mode === 'demo' && meta.route && meta.intent && !handoff.kind) tags.appendChild(tag(`${meta.route} · ${meta.intent}`, 'route'));
  div.appendChild(tags);

  if (Array.isArray(reply.choices) && reply.choices.length) {
    const group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('chat.choices'));
    for (const choice of reply.choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      button.dataset.value = choice.value;
      button.addEventListener('click', () => choose(group, button, choice));
      group.appendChild(button);
    }
    div.appendChild(group);
  }
  log.appendChild(div);
  if (reply.id) {
    lastReplyId = reply.id;
  }
  while (log.children.length > SHOWN_KEEP) log.firstElementChild.remove();
  scrollDown();
}

function addNote(text, className = '') {
  const div = document.createElement('div');
  div.className = `msg bot local ${className}`.trim();
  div.textContent = text;
  log.appendChild(div);
  scrollDown();
  return div;
}

function clearSuggestions() {
  for (const node of log.querySelectorAll('.suggestions')) node.remove();
}

function showWelcome() {
  const customer = identity.kind === 'customer' ? demoCustomers.find((item) => item.userId === identity.userId) : undefined;
  const firstName = identity.name ? identity.name.split(' ')[0] : '';
  addNote(identity.kind === 'guest' ? t('chat.welcome_guest') : t('chat.welcome', { name: firstName }), 'welcome');
  if (!customer) return;
  const box = document.createElement('div');
  box.className = 'suggestions';
  const label = document.createElement('p');
  label.textContent = t('chat.suggestions');
  box.appendChild(label);
  for (const phrase of customer.try) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = phrase;
    button.addEventListener('click', () => sendText(phrase));
    box.appendChild(button);
  }
  log.appendChild(box);
}

function status(text) {
  const node = $('status');
  node.textContent = text || '';
  node.hidden = !text;
}

let typingTimer = 0;
function updateTyping() {
  const waiting = pending.size > 0 && !withPerson;
  if (waiting) status(t('chat.typing'));
  else if ($('status').textContent === t('chat.typing')) status('');
  clearTimeout(typingTimer);
  if (waiting) typingTimer = setTimeout(() => {
    pending.clear();
    updateTyping();
  }, TYPING_MS);
}

function showWho() {
  const who = $('who');
  const button = $('switch');
  let name = identity.name || identity.userId;
  if (identity.kind === 'customer' && identity.market) name = `${identity.name} · ${regionName(identity.market)}`;
  if (identity.kind === 'guest') name = t('chat.guest');
  who.textContent = name;
  who.title = t('chat.as', { name });
  who.hidden = false;
  button.textContent = mode === 'demo' ? t('chat.switch') : t('chat.restart');
  button.hidden = identity.kind === 'verified';
}

// ---------------------------------------------------------------- sending

async function post(payload, bubble) {
  const body = { ...payload, locale: navigator.language };
  if (identity.userId) body.userId = identity.userId;
  if (identity.userHash) body.userHash = identity.userHash;
  pending.set(body.id, Date.now());
  updateTyping();
  try {
    let res = await postJson(body);
    if (res.status === 400 && !identity.userId && identity.kind === 'guest') {
      // A gateway that does not hand out guest ids yet wants a userId: the page makes one up.
      const problem = await res.clone().json().catch(() => ({}));
      if (String(problem.message || '').includes('userId')) {
        identity.userId = `guest-${newId().slice(2, 14)}`;
        body.userId = identity.userId;
        res = await postJson(body);
      }
    }
    const answer = await res.json().catch(() => ({}));
    if (res.status !== 202) throw new Error(answer.message || `HTTP ${res.status}`);
    let reconnect = !stream;
    if (typeof answer.userId === 'string' && answer.userId !== identity.userId) {
      reconnect = true;
      // The gateway took the sender for someone else (a guest where the name is not trusted): say so.
      if (identity.userId) identity = { kind: 'guest' };
      identity.userId = answer.userId;
      showWho();
    }
    if (typeof answer.guestToken === 'string') identity.guestToken = answer.guestToken;
    saveIdentity();
    rememberSent({ id: body.id, text: bubble.textContent, at: Date.now(), ...(payload.action ? { action: payload.action } : {}) });
    if (reconnect) connect();
  } catch (error) {
    pending.delete(body.id);
    updateTyping();
    bubble.classList.add('failed');
    const reason = document.createElement('div');
    reason.className = 'error';
    reason.textContent = t('chat.send_failed', { reason: error.message });
    bubble.appendChild(reason);
  }
}

function postJson(body) {
  return fetch('webhooks/web', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...credentials().headers },
    body: JSON.stringify(body),
  });
}

function sendText(text) {
  const id = newId();
  const bubble = addMine(text, { id });
  return post({ id, text }, bubble);
}

/** A button sends its value as the action; its label is only what the person sees. */
function choose(group, button, choice) {
  for (const other of group.querySelectorAll('button')) other.disabled = true;
  button.setAttribute('aria-pressed', 'true');
  const id = newId();
  const bubble = addMine(choice.label, { id, choice: true });
  retireChoices();
  return post({ id, action: choice.value }, bubble);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = form.elements.text;
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  void sendText(text);
});

// ---------------------------------------------------------------- history and live replies

/** The replies so far, oldest first, newest SHOWN_KEEP kept. */
async function fetchReplies(after) {
  const all = [];
  let cursor = after;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { headers } = credentials();
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set('after', cursor);
    const res = await fetch(`${userPath('messages')}?${query}`, { headers, credentials: 'same-origin' });
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

/**
 * The conversation as it was: the gateway's replies, with the person's own messages (kept in
 * this browser) placed before the first reply that answers each.
 */
function mergeHistory(replies, sent) {
  const firstAnswer = new Map();
  for (const reply of replies) {
    const at = Date.parse(reply.createdAt);
    if (reply.replyTo && !firstAnswer.has(reply.replyTo)) firstAnswer.set(reply.replyTo, at);
  }
  const oldest = replies.length ? Date.parse(replies[0].createdAt) : Infinity;
  const items = [
    ...replies.map((reply, index) => ({ at: Date.parse(reply.createdAt), order: 1, index, reply })),
    ...sent
      .filter((entry) => replies.length < SHOWN_KEEP || entry.at >= oldest || firstAnswer.has(entry.id))
      .map((entry, index) => ({ at: Math.min(entry.at, (firstAnswer.get(entry.id) ?? Infinity) - 1), order: 0, index, entry })),
  ];
  items.sort((a, b) => a.at - b.at || a.order - b.order || a.index - b.index);
  return items;
}

async function restoreHistory() {
  if (!identity.userId) return true;
  let replies;
  try {
    replies = await fetchReplies('');
  } catch (error) {
    if (error.status === 401 || error.status === 403 || error.status === 404) return false;
    addNote(t('chat.history_failed'));
    return true;
  }
  for (const item of mergeHistory(replies, readSent())) {
    if (item.reply) addReply(item.reply);
    else addMine(item.entry.text, { id: item.entry.id, choice: Boolean(item.entry.action) });
  }
  return true;
}

/** Replies that came while the stream was (re)connecting. */
async function catchUp() {
  try {
    for (const reply of await fetchReplies(lastReplyId)) addReply(reply);
  } catch {
    // The stream delivers what comes next; a later reconnect catches up again.
  }
}

function connect() {
  if (stream) stream.close();
  if (!identity.userId) return;
  const { query } = credentials();
  if (lastReplyId) query.set('after', lastReplyId);
  const suffix = query.toString() ? `?${query}` : '';
  stream = new EventSource(userPath(`stream${suffix}`), { withCredentials: true });
  stream.addEventListener('open', () => {
    if ($('status').textContent === t('chat.offline')) status('');
    void catchUp();
  });
  stream.addEventListener('message', (event) => {
    try {
      addReply(JSON.parse(event.data));
    } catch {
      // A malformed event is skipped; the next catch-up fetches the reply again.
    }
  });
  stream.addEventListener('error', () => {
    if (stream.readyState !== EventSource.OPEN) status(t('chat.offline'));
  });
}

// ---------------------------------------------------------------- screens

function showPicker() {
  if (stream) stream.close();
  stream = null;
  $('picker').hidden = false;
  log.hidden = true;
  form.hidden = true;
  $('who').hidden = true;
  $('switch').hidden = true;
  status('');
  const list = $('customers');
  list.replaceChildren();
  for (const customer of demoCustomers) {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.user = customer.userId;
    button.setAttribute('aria-label', t('picker.choose', { name: customer.name }));
    const name = document.createElement('span');
    name.className = 'customer-name';
    name.textContent = customer.name;
    const market = document.createElement('span');
    market.className = 'customer-market';
    market.textContent = `${regionName(customer.market)} · ${customer.currency}`;
    const tries = document.createElement('span');
    tries.className = 'customer-try';
    tries.append(`${t('picker.try')}: `);
    customer.try.slice(0, 2).forEach((phrase, index) => {
      if (index) tries.append(', ');
      const quote = document.createElement('q');
      quote.textContent = phrase;
      tries.append(quote);
    });
    button.append(name, market, tries);
    button.addEventListener('click', () => {
      identity = { kind: 'customer', userId: customer.userId, name: customer.name, market: customer.market };
      saveIdentity();
      void startChat();
    });
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function startChat() {
  $('picker').hidden = true;
  log.hidden = false;
  form.hidden = false;
  log.replaceChildren();
  shown.clear();
  pending.clear();
  lastReplyId = '';
  withPerson = false;
  showWho();
  if (!(await restoreHistory())) {
    // The gateway no longer knows this guest (token expired, database reset): start a new one.
    identity = { kind: 'guest' };
    saveIdentity();
    showWho();
  }
  if (!shown.size && !log.querySelector('.me')) showWelcome();
  connect();
  form.elements.text.focus();
}

$('switch').addEventListener('click', () => {
  if (mode === 'demo') {
    identity = null;
    saveIdentity();
    showPicker();
    return;
  }
  if (identity && identity.userId) localStorage.removeItem(KEYS.sent(identity.userId));
  identity = { kind: 'guest' };
  saveIdentity();
  void startChat();
});

$('guest').addEventListener('click', () => {
  identity = { kind: 'guest' };
  saveIdentity();
  void startChat();
});

async function main() {
  await Promise.all([loadStrings(), loadMode()]);
  applyStaticStrings();
  identity = identityFromFragment() || readIdentity();
  if (!stillOffered(identity)) identity = null;
  if (!identity) {
    if (mode === 'demo' && demoCustomers.length) return showPicker();
    identity = { kind: 'guest' };
    saveIdentity();
  }
  return startChat();
}

void main();
