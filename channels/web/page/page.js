// The Switchboard chat page: the screens, sending, and following the replies. Plain browser
// JavaScript modules, no build step; the gateway serves them as they are under /web/.
import { createConversation } from './conversation.js';
import { fetchReplies, getJson, loadMode, newId, openStream, postMessage, SHOWN_KEEP } from './gateway.js';
import { mergeHistory } from './history.js';
import { forgetSent, identityFromFragment, readIdentity, readSent, rememberSent, saveIdentity, stillOffered } from './identity.js';
import { loadWords, regionName, t } from './words.js';

/** How long "writing an answer…" may show without a reply. */
const TYPING_MS = 20_000;

const $ = (id) => document.getElementById(id);
const form = $('send');

let mode = 'demo';
let demoCustomers = [];
let identity = null;
let stream = null;
/** Messages sent and not answered yet, by id. */
const pending = new Set();
/** True while a person (not the assistant) has the conversation: no typing indicator then. */
let withPerson = false;

const conversation = createConversation($('log'), {
  get showRoutes() {
    return mode === 'demo';
  },
  onChoose: (choice) => send({ action: choice.value }, choice.label, true),
  onSuggest: (phrase) => send({ text: phrase }, phrase),
});

// ---------------------------------------------------------------- status line

function status(text) {
  $('status').textContent = text || '';
  $('status').hidden = !text;
}

let typingTimer = 0;
function updateTyping() {
  const waiting = pending.size > 0 && !withPerson;
  if (waiting) status(t('chat.typing'));
  else if ($('status').textContent === t('chat.typing')) status('');
  clearTimeout(typingTimer);
  if (waiting) {
    typingTimer = setTimeout(() => {
      pending.clear();
      updateTyping();
    }, TYPING_MS);
  }
}

function showReply(reply) {
  if (!conversation.addReply(reply)) return;
  if (reply.replyTo) pending.delete(reply.replyTo);
  const meta = reply.meta || {};
  const handoff = meta.handoff || {};
  if (meta.escalated || handoff.kind === 'joined' || handoff.kind === 'agent_reply') withPerson = true;
  if (handoff.kind === 'comeback' || meta.resumed) withPerson = false;
  updateTyping();
}

// ---------------------------------------------------------------- sending

/** Sends words, or a button's value as `action` (its label is only shown). */
async function send(payload, shownText, choice = false) {
  const id = newId();
  const bubble = conversation.addMine(shownText, { id, choice });
  const body = { ...payload, id, locale: navigator.language };
  if (identity.userId) body.userId = identity.userId;
  if (identity.userHash) body.userHash = identity.userHash;
  pending.add(id);
  updateTyping();
  try {
    let res = await postMessage(identity, body);
    if (res.status === 400 && !identity.userId && identity.kind === 'guest') {
      // A gateway that does not hand out guest ids wants a userId: the page makes one up.
      const problem = await res.clone().json().catch(() => ({}));
      if (String(problem.message || '').includes('userId')) {
        identity.userId = `guest-${newId().slice(2, 14)}`;
        body.userId = identity.userId;
        res = await postMessage(identity, body);
      }
    }
    const answer = await res.json().catch(() => ({}));
    if (res.status !== 202) throw new Error(answer.message || `HTTP ${res.status}`);
    let reconnect = !stream;
    if (typeof answer.userId === 'string' && answer.userId !== identity.userId) {
      // The gateway took the sender for someone else (a guest where the name is not trusted): say so.
      reconnect = true;
      if (identity.userId) identity = { kind: 'guest' };
      identity.userId = answer.userId;
      showWho();
    }
    if (typeof answer.guestToken === 'string') identity.guestToken = answer.guestToken;
    saveIdentity(identity);
    rememberSent(identity, { id, text: shownText, at: Date.now(), ...(payload.action ? { action: payload.action } : {}) });
    if (reconnect) connect();
  } catch (error) {
    pending.delete(id);
    updateTyping();
    conversation.markFailed(bubble, error.message);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = form.elements.text;
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  void send({ text }, text);
});

// ---------------------------------------------------------------- history and live replies

/** False when the gateway does not know this identity any more (its proof was refused). */
async function restoreHistory() {
  if (!identity.userId) return true;
  let replies;
  try {
    replies = await fetchReplies(identity, '');
  } catch (error) {
    if (error.status === 401 || error.status === 403 || error.status === 404) return false;
    conversation.addNote(t('chat.history_failed'));
    return true;
  }
  for (const item of mergeHistory(replies, readSent(identity), SHOWN_KEEP)) {
    if (item.reply) showReply(item.reply);
    else conversation.addMine(item.entry.text, { id: item.entry.id, choice: Boolean(item.entry.action) });
  }
  return true;
}

/** Replies that came while the stream was (re)connecting. */
async function catchUp() {
  try {
    for (const reply of await fetchReplies(identity, conversation.lastReplyId)) showReply(reply);
  } catch {
    // The stream brings what comes next; the next reconnect catches up again.
  }
}

function connect() {
  if (stream) stream.close();
  stream = null;
  if (!identity.userId) return;
  const current = openStream(identity, conversation.lastReplyId);
  stream = current;
  current.addEventListener('open', () => {
    if ($('status').textContent === t('chat.offline')) status('');
    void catchUp();
  });
  current.addEventListener('message', (event) => {
    try {
      showReply(JSON.parse(event.data));
    } catch {
      // A malformed event is skipped; the next catch-up fetches the reply again.
    }
  });
  current.addEventListener('error', () => {
    if (current.readyState !== EventSource.OPEN) status(t('chat.offline'));
  });
}

// ---------------------------------------------------------------- screens

function showWho() {
  let name = identity.name || identity.userId;
  if (identity.kind === 'customer' && identity.market) name = `${identity.name} · ${regionName(identity.market)}`;
  if (identity.kind === 'guest') name = t('chat.guest');
  $('who').textContent = name;
  $('who').title = t('chat.as', { name });
  $('who').hidden = false;
  $('switch').textContent = mode === 'demo' ? t('chat.switch') : t('chat.restart');
  $('switch').hidden = identity.kind === 'verified';
}

function customerCard(customer) {
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
  button.addEventListener('click', () => startChat({ kind: 'customer', userId: customer.userId, name: customer.name, market: customer.market }));
  const item = document.createElement('li');
  item.appendChild(button);
  return item;
}

function showPicker() {
  if (stream) stream.close();
  stream = null;
  $('picker').hidden = false;
  $('log').hidden = true;
  form.hidden = true;
  $('who').hidden = true;
  $('switch').hidden = true;
  status('');
  $('customers').replaceChildren(...demoCustomers.map(customerCard));
}

async function startChat(chosen) {
  identity = chosen;
  saveIdentity(identity);
  $('picker').hidden = true;
  $('log').hidden = false;
  form.hidden = false;
  conversation.reset();
  pending.clear();
  withPerson = false;
  showWho();
  if (!(await restoreHistory())) {
    // The gateway no longer knows this guest (token expired, database reset): start a new one.
    identity = { kind: 'guest' };
    saveIdentity(identity);
    showWho();
  }
  if (conversation.isEmpty) {
    const firstName = identity.name ? identity.name.split(' ')[0] : '';
    conversation.addNote(identity.kind === 'guest' ? t('chat.welcome_guest') : t('chat.welcome', { name: firstName }), 'welcome');
    const customer = identity.kind === 'customer' ? demoCustomers.find((item) => item.userId === identity.userId) : undefined;
    if (customer) conversation.addSuggestions(customer.try);
  }
  connect();
  form.elements.text.focus();
}

$('switch').addEventListener('click', () => {
  if (mode === 'demo') {
    saveIdentity(null);
    showPicker();
    return;
  }
  forgetSent(identity);
  void startChat({ kind: 'guest' });
});

$('guest').addEventListener('click', () => void startChat({ kind: 'guest' }));

function applyWords() {
  document.title = t('title');
  $('title').textContent = t('title');
  $('picker-heading').textContent = t('picker.heading');
  $('picker-intro').textContent = t('picker.intro');
  $('guest').textContent = t('picker.guest');
  $('guest-hint').textContent = t('picker.guest_hint');
  form.elements.text.placeholder = t('chat.placeholder');
  form.querySelector('button').textContent = t('chat.send');
}

async function main() {
  const [, offered] = await Promise.all([loadWords(getJson), loadMode()]);
  ({ mode, customers: demoCustomers } = offered);
  applyWords();
  let known = identityFromFragment() || readIdentity();
  if (!stillOffered(known, demoCustomers)) known = null;
  if (known) return startChat(known);
  if (mode === 'demo' && demoCustomers.length) return showPicker();
  return startChat({ kind: 'guest' });
}

void main();
