import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kb } from '../../app/cli/kb.ts';
import { checkKnowledge } from '../../agents/knowledge/check.ts';
import { loadKnowledge } from '../../agents/knowledge/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'switchboard-kb-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function article(path: string, front: Record<string, string>, body: string): void {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `---\n${Object.entries(front).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n\n${body}\n`);
}

const base = (id: string, language: string, extra: Record<string, string> = {}) => ({ id, title: `${id} ${language}`, language, url: `https://help.example.com/${language}/${id}`, ...extra });

article('en/returns.md', base('returns', 'en'), '## Window {#window}\n\nReturn within 14 days. See [fees](kb:fees#late) and [nothing](kb:nothing) and [file](../sv/missing.md).');
article('sv/returns.md', base('returns', 'sv'), '## Returtid {#window}\n\nReturnera inom 14 dagar.');
article('en/fees.md', base('fees', 'en'), '## Fees {#fees}\n\nNo fees.');
article('en/fees-copy.md', base('fees', 'en'), '## Fees again\n\nStill no fees.');
article('en/fees.se.md', base('fees', 'en', { markets: '[SE]' }), '## Fees in Sweden\n\n60 kr.');
article('en/broken.md', { id: 'broken', title: 'Broken', language: 'english', url: 'https://help.example.com/x' }, 'text');

describe('kb check', () => {
  const problems = checkKnowledge(loadKnowledge(dir));
  const messages = problems.map((problem) => `${problem.kind}: ${problem.message}`);

  it('names a file whose front matter is wrong, and what to fix', () => {
    expect(messages).toContainEqual(expect.stringMatching(/^front_matter: en\/broken\.md: language must be a two-letter language code/));
  });

  it('names articles missing in a language the folder speaks (a market\'s own variant need not exist in every language)', () => {
    expect(messages).toContain('missing_language: article "fees" has no version in sv');
    expect(messages.filter((message) => message.startsWith('missing_language'))).toHaveLength(1);
  });

  it('names links to an article, a section or a file that does not exist', () => {
    expect(messages).toContain('broken_link: en/returns.md: link kb:fees#late: the article has no section #late');
    expect(messages).toContain('broken_link: en/returns.md: link kb:nothing names no article');
    expect(messages).toContain('broken_link: en/returns.md: link ../sv/missing.md points to no file');
  });

  it('names the same id twice for one language and market, but not a market variant', () => {
    expect(messages).toContain('duplicate_id: en/fees.md: id "fees" in en is already en/fees-copy.md');
    expect(messages.filter((message) => message.startsWith('duplicate_id'))).toHaveLength(1);
  });

  it('switchboard kb check prints them and exits 1; a clean folder exits 0', () => {
    let out = '';
    const io = { stdout: (text: string) => void (out += text), stderr: (text: string) => void (out += text), env: {} };
    expect(kb(['check', '--dir', dir], io)).toBe(1);
    expect(out).toMatch(/5 articles, \d+ sections in 2 languages \(en, sv\)/);
    expect(out).toMatch(/6 problems\n$/);
    out = '';
    expect(kb(['check'], io)).toBe(0);
    expect(out).toMatch(/114 articles, 232 sections in 11 languages .*\nno problems\n$/);
  });
});

describe('kb search', () => {
  it('lists the ranked sections with their scores and the answer the assistant would give', () => {
    let out = '';
    const io = { stdout: (text: string) => void (out += text), stderr: (text: string) => void (out += text), env: {} };
    expect(kb(['search', 'can I return sale items', '--lang', 'sv'], io)).toBe(0);
    expect(out).toMatch(/^ 1\. score +[\d.]+ +coverage 1\.00 +relevant +return_window#sale \[en\]/m);
    expect(out).toContain('answer: return_window#sale (sv) https://help.switchboard.example/sv/return-window#sale');
    out = '';
    expect(kb(['search', 'vad kostar förseningsavgiften', '--lang', 'sv', '--market', 'SE'], io)).toBe(0);
    expect(out).toContain('answer: late_fees#fee (sv, SE)');
    out = '';
    expect(kb(['search'], io)).toBe(2);
    expect(out).toContain('kb search needs a question');
  });
});
