/**
 * In development the knowledge folder is watched: an article written while the
 * gateway runs answers the next question. The article that answered a turn is
 * in the turn's meta and in the transcript a person taking over sees.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../agents/knowledge-base.ts';
import { ASTRID, createHarness } from '../assistant/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-kb-watch-'));
cpSync(new URL('../fixtures/knowledge/other-company/', import.meta.url).pathname, dir, { recursive: true });
const watched = new KnowledgeBase({ dir, watch: true });
afterAll(() => {
  watched.close();
  rmSync(dir, { recursive: true, force: true });
});

const question = { question: 'Do you deliver bikes to Norway?', language: 'en', market: 'SE' };

describe('re-indexing in development', () => {
  it('an article added to the folder answers the next question, without a restart', { timeout: 20_000 }, async () => {
    expect(watched.retrieve(question).sources).toEqual([]);
    writeFileSync(
      join(dir, 'en', 'delivery.md'),
      '---\nid: delivery\ntitle: Delivery\nlanguage: en\nurl: https://support.nordcykel.example/en/delivery\ntags: [delivery, norway]\n---\n\n## Delivery to Norway {#norway}\n\nWe deliver bikes to Norway in 5 to 8 working days.\n',
    );
    const deadline = Date.now() + 15_000;
    while (!watched.retrieve(question).sources.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(watched.retrieve(question).sources[0]?.article.id).toBe('delivery');
  });
});

describe('which article answered', () => {
  it('is in the turn\'s meta and in the transcript handed to a person', async () => {
    const h = createHarness({ knowledge: new KnowledgeBase({ dir: new URL('../fixtures/knowledge/other-company/', import.meta.url).pathname }) });
    try {
      const answered = await h.say(ASTRID, 'How long is the frame warranty?', { threadId: 'console-1' });
      expect(answered.meta).toMatchObject({ article: 'frame_warranty', articleLink: 'https://support.nordcykel.example/en/warranty#length' });
      expect(answered.replies[0]?.meta).toMatchObject({ article: 'frame_warranty' });
      await h.say(ASTRID, 'I want to talk to a person', { threadId: 'console-1' });
      const { ticket } = await h.assistant.status('console-1');
      expect(ticket?.recent).toContainEqual(expect.objectContaining({ role: 'assistant', article: 'frame_warranty' }));
    } finally {
      h.close();
    }
  });
});
