/**
 * Another company's knowledge folder in place of the demo one: the assistant
 * answers from its articles, links to its help center and never uses the
 * demo company's texts; a question its articles do not answer gets "I don't
 * have an article on that" and a person, if the customer wants one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../agents/knowledge-base.ts';
import { ASTRID, createHarness, type Harness } from '../assistant/harness.ts';

const FOLDER = new URL('../fixtures/knowledge/other-company/', import.meta.url).pathname;
const DEMO_TEXTS = /help\.switchboard\.example|30 days|30 dagar|Pay in 3|Betala i 3/;
let h: Harness;

beforeAll(() => {
  h = createHarness({ knowledge: new KnowledgeBase({ dir: FOLDER }) });
});
afterAll(() => h.close());

describe('a different company\'s knowledge folder', () => {
  it('answers a policy question from its articles, with the title and link of its own help center', async () => {
    const result = await h.say(ASTRID, 'How many days do I have to return a bike?', { threadId: 'other-1' });
    const text = h.text(result);
    expect(text).toContain('within 14 days of delivery');
    expect(text).toContain('Returning a bike');
    expect(text).toContain('https://support.nordcykel.example/en/returns#window');
    expect(text).not.toMatch(DEMO_TEXTS);
    expect(result.meta).toMatchObject({ intent: 'policy_question', article: 'returns', articleSection: 'window', escalated: false });
  });

  it('answers in the customer\'s language when the article has that version', async () => {
    const result = await h.say(ASTRID, 'Hur många dagar har jag på mig att returnera cykeln?', { threadId: 'other-2', language: 'sv' });
    const text = h.text(result);
    expect(text).toContain('inom 14 dagar efter leverans');
    expect(text).toContain('https://support.nordcykel.example/sv/returer#window');
    expect(text).not.toMatch(DEMO_TEXTS);
  });

  it('answers a question about its own business, which the demo intent router never learned', async () => {
    const result = await h.say(ASTRID, 'Is there a warranty on the frame?', { threadId: 'other-3' });
    expect(h.text(result)).toContain('7-year warranty');
    expect(result.meta).toMatchObject({ article: 'frame_warranty' });
  });

  it('says when an article is not in the customer\'s language, and gives the one in the market\'s language', async () => {
    const result = await h.say(ASTRID, 'Is the first service free?', { threadId: 'other-4', language: 'sv', market: 'SE' });
    const text = h.text(result);
    expect(text).toMatch(/finns inte på svenska, så här är den på engelska/);
    expect(text).toContain('The first service is free within 3 months');
    expect(result.meta).toMatchObject({ article: 'servicing', articleLanguage: 'en', articleOtherLanguage: true });
  });

  it('says it has no article on what its articles do not cover, offers a person, and hands over on yes', async () => {
    const first = await h.say(ASTRID, 'What is the return policy on gift cards for electric scooters?', { threadId: 'other-5' });
    expect(h.text(first)).toContain("I don't have an article on that. Would you like me to put you through to a person?");
    expect(h.text(first)).not.toMatch(DEMO_TEXTS);
    expect(first.replies[0]?.choices).toEqual([{ label: 'Talk to a person', value: 'intent:human_agent' }]);
    expect(first.meta).toMatchObject({ article: null, automated: false, escalated: false });
    const yes = await h.say(ASTRID, 'yes please', { threadId: 'other-5' });
    expect(yes.meta).toMatchObject({ escalated: true, escalationReason: 'requested_human' });
  });

  it('a policy question the intent model is unsure of gets the same honest answer, not the demo company\'s menu', async () => {
    const result = await h.say(ASTRID, 'what is your policy on pets in the store?', { threadId: 'other-7' });
    expect(h.text(result)).toContain("I don't have an article on that");
    expect(h.text(result)).not.toMatch(/payments, refunds and returns/);
    expect(result.meta).toMatchObject({ intent: 'policy_question', article: null, automated: false });
  });

  it('takes a no to that offer as a no', async () => {
    await h.say(ASTRID, 'Do you sell gift cards for scooters?', { threadId: 'other-6' });
    const no = await h.say(ASTRID, 'no thanks', { threadId: 'other-6' });
    expect(no.meta.escalated).toBe(false);
    expect(h.text(no)).toContain('anything else');
  });
});
