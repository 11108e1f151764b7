// The conversation on screen: the visitor's messages, the replies with their tags and buttons.
// Every text goes in as textContent, never as HTML; an https address in a reply becomes a link.
import { languageName, t } from './words.js';

/** Messages kept on screen; older ones leave from the top. */
const ON_SCREEN = 300;

/** Web addresses in a reply (a help article's link): https only, up to the first space. */
const LINK = /https:\/\/[^\s<>"]+[^\s<>".,;:!?)'”»]/g;

/** A reply's text as text nodes, its https addresses as links that open in a new tab. */
function withLinks(text) {
  const part = document.createDocumentFragment();
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    part.appendChild(document.createTextNode(text.slice(at, match.index)));
    const link = document.createElement('a');
    link.href = match[0];
    link.textContent = match[0];
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    part.appendChild(link);
    at = match.index + match[0].length;
  }
  part.appendChild(document.createTextNode(text.slice(at)));
  return part;
}

function tag(text, className) {
  const span = document.createElement('span');
  span.className = `tag ${className}`;
  span.textContent = text;
  return span;
}

/**
 * @param log the element that holds the messages
 * @param options.showRoutes also tag each reply with the route and intent the assistant chose (demo)
 * @param options.onChoose (choice, bubble) when a button is clicked: choice is `{ label, value }`
 * @param options.onSuggest (text) when a suggested phrase is clicked
 */
export function createConversation(log, options) {
  const shown = new Set();
  let lastReplyId = '';

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };
  const trim = () => {
    while (log.children.length > ON_SCREEN) log.firstElementChild.remove();
  };
  /** Buttons answer the newest question only: older groups are switched off. */
  const retireChoices = () => {
    for (const button of log.querySelectorAll('.choices button')) button.disabled = true;
  };
  const clearSuggestions = () => {
    for (const node of log.querySelectorAll('.suggestions')) node.remove();
  };

  function choices(reply) {
    const group = document.createElement('div');
    group.className = 'choices';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', t('chat.choices'));
    for (const choice of reply.choices) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = choice.label;
      button.dataset.value = choice.value;
      button.addEventListener('click', () => {
        retireChoices();
        button.setAttribute('aria-pressed', 'true');
        options.onChoose(choice);
      });
      group.appendChild(button);
    }
    return group;
  }

  function tags(reply) {
    const meta = reply.meta || {};
    const handoff = meta.handoff || {};
    const row = document.createElement('div');
    row.className = 'tags';
    if (reply.language) {
      const language = tag(languageName(reply.language), 'language');
      language.dataset.language = reply.language;
      language.title = t('chat.language_tag', { language: languageName(reply.language) });
      row.appendChild(language);
    }
    if (meta.escalated) row.appendChild(tag(t('chat.handed_off'), 'handoff'));
    if (options.showRoutes && meta.route && meta.intent && !handoff.kind) row.appendChild(tag(`${meta.route} · ${meta.intent}`, 'route'));
    return row;
  }

  return {
    get lastReplyId() {
      return lastReplyId;
    },
    get isEmpty() {
      return !log.querySelector('.msg[data-id]');
    },

    reset() {
      log.replaceChildren();
      shown.clear();
      lastReplyId = '';
    },

    /** The visitor's own message (a button's label when `choice`). */
    addMine(text, { id, choice = false } = {}) {
      retireChoices();
      clearSuggestions();
      const div = document.createElement('div');
      div.className = `msg me${choice ? ' choice' : ''}`;
      div.textContent = text;
      div.setAttribute('aria-label', `${t('chat.you')}: ${text}`);
      if (id) div.dataset.id = id;
      log.appendChild(div);
      trim();
      scrollDown();
      return div;
    },

    /** A reply from the gateway, once however often it arrives (history, stream, catch-up). */
    addReply(reply) {
      if (shown.has(reply.id)) return false;
      shown.add(reply.id);
      retireChoices();
      clearSuggestions();
      const handoff = (reply.meta && reply.meta.handoff) || {};
      const div = document.createElement('div');
      div.className = 'msg bot';
      div.dataset.id = reply.id;
      if (reply.language) div.lang = reply.language;
      if (handoff.kind === 'agent_reply') {
        div.classList.add('agent');
        const author = document.createElement('span');
        author.className = 'author';
        author.textContent = t('chat.agent', { agent: handoff.agent || '' }).trim();
        div.appendChild(author);
      }
      div.appendChild(withLinks(reply.text));
      div.appendChild(tags(reply));
      if (Array.isArray(reply.choices) && reply.choices.length) div.appendChild(choices(reply));
      log.appendChild(div);
      lastReplyId = reply.id;
      trim();
      scrollDown();
      return true;
    },

    /** A line of the page's own (a greeting, a problem), not part of the conversation. */
    addNote(text, className = '') {
      const div = document.createElement('div');
      div.className = `msg bot local ${className}`.trim();
      div.textContent = text;
      log.appendChild(div);
      scrollDown();
      return div;
    },

    /** Phrases to try, as one-tap buttons, until the first message. */
    addSuggestions(phrases) {
      const box = document.createElement('div');
      box.className = 'suggestions';
      const label = document.createElement('p');
      label.textContent = t('chat.suggestions');
      box.appendChild(label);
      for (const phrase of phrases) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = phrase;
        button.addEventListener('click', () => options.onSuggest(phrase));
        box.appendChild(button);
      }
      log.appendChild(box);
    },

    /** A message that did not reach the gateway, marked with why. */
    markFailed(bubble, reason) {
      bubble.classList.add('failed');
      const note = document.createElement('div');
      note.className = 'error';
      note.textContent = t('chat.send_failed', { reason });
      bubble.appendChild(note);
    },
  };
}
