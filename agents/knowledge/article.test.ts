import { describe, expect, it } from 'vitest';
import { ArticleError, parseArticle } from './article.ts';
import { briefQuote } from './quote.ts';

const ARTICLE = `---
id: late_fees
title: "Late payments"
language: en
markets: [SE, NO]
url: https://help.example.com/en/late
tags: [late fee, reminder]
---

# Late payments

Read this before you pay late.

## The late fee {#fee}

The fee is **60 kr**. See [refunds](kb:refund_time#timing).

### Asking for more time

Ask before the due date.
`;

describe('an article file', () => {
  it('reads its front matter and splits its body into sections at the headings', () => {
    const article = parseArticle(ARTICLE, 'en/late.md');
    expect(article).toMatchObject({ id: 'late_fees', title: 'Late payments', language: 'en', markets: ['SE', 'NO'], url: 'https://help.example.com/en/late', tags: ['late fee', 'reminder'], file: 'en/late.md' });
    expect(article.sections).toEqual([
      { anchor: 'intro', heading: 'Late payments', text: 'Read this before you pay late.' },
      { anchor: 'fee', heading: 'The late fee', text: 'The fee is 60 kr. See refunds.' },
      { anchor: 'asking-for-more-time', heading: 'Asking for more time', text: 'Ask before the due date.' },
    ]);
    expect(article.links).toEqual(['kb:refund_time#timing']);
  });

  it('names the file and the field to fix when the front matter is wrong', () => {
    expect(() => parseArticle('no front matter', 'a.md')).toThrow(/a\.md: has no front matter/);
    expect(() => parseArticle('---\nid: x\ntitle: X\nlanguage: english\nurl: /relative\n---\ntext', 'b.md')).toThrow(/b\.md: language must be a two-letter language code.*url must be an absolute http\(s\) URL/);
    expect(() => parseArticle('---\nid: x\nthis is not a field\n---\ntext', 'c.md')).toThrow(ArticleError);
    expect(() => parseArticle('---\nid: x\ntitle: X\nlanguage: en\nurl: https://x.example/a\nmarkets: [sweden]\n---\ntext', 'd.md')).toThrow(/markets\.0 must be two-letter country codes/);
    expect(() => parseArticle('---\nid: x\ntitle: X\nlanguage: en\nurl: https://x.example/a\n---\n', 'e.md')).toThrow(/no text after the front matter/);
  });

  it('refuses two sections with one anchor, which a link or a translation could not tell apart', () => {
    expect(() => parseArticle('---\nid: x\ntitle: X\nlanguage: en\nurl: https://x.example/a\n---\n## A {#a}\none\n## B {#a}\ntwo', 'f.md')).toThrow(/share the anchor #a/);
  });
});

describe('a brief quote', () => {
  it('keeps whole sentences within the limit, and cuts a single long sentence at a word', () => {
    expect(briefQuote('One. Two is longer. Three.', 20)).toBe('One. Two is longer.');
    expect(briefQuote('a'.repeat(10) + ' ' + 'b'.repeat(30), 20)).toBe(`${'a'.repeat(10)}…`);
  });
});
