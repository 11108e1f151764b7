import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalClaims, guestIdForToken, isGuestId, newGuestToken, webClaimsHash, webUserHash } from './identity.ts';

describe('web identity signatures', () => {
  it('userHash is the hex HMAC-SHA256 of the user id under the secret, as the site computes it', () => {
    const expected = createHmac('sha256', 'a-long-shared-secret').update('user-42').digest('hex');
    expect(webUserHash('a-long-shared-secret', 'user-42')).toBe(expected);
    expect(webUserHash('a-long-shared-secret', 'user-43')).not.toBe(expected);
  });

  it('claims are signed over the user id and the claims in one canonical form, whatever order the site wrote them in', () => {
    expect(canonicalClaims({ phone: '+46701234567', email: 'a@b.se' })).toBe('{"email":"a@b.se","phone":"+46701234567"}');
    expect(canonicalClaims({ phone: '+46701234567' })).toBe('{"phone":"+46701234567"}');
    const expected = createHmac('sha256', 's3cret-s3cret-s3cret').update('user-42\n{"email":"a@b.se","phone":"+46701234567"}').digest('hex');
    expect(webClaimsHash('s3cret-s3cret-s3cret', 'user-42', { phone: '+46701234567', email: 'a@b.se' })).toBe(expected);
    // The same claims for another user are another signature: claims cannot be moved between users.
    expect(webClaimsHash('s3cret-s3cret-s3cret', 'user-43', { phone: '+46701234567', email: 'a@b.se' })).not.toBe(expected);
  });

  it('a guest id is proved by its token only, and never looks like a phone number, an e-mail or a site user id', () => {
    const token = newGuestToken();
    const id = guestIdForToken(token)!;
    expect(isGuestId(id)).toBe(true);
    expect(id).toMatch(/^guest#/);
    expect(guestIdForToken(token)).toBe(id);
    expect(guestIdForToken(newGuestToken())).not.toBe(id);
    expect(id).not.toContain(token);
    for (const other of ['+46701234567', 'astrid@example.se', 'web-astrid', 'guest-123', 'guest#short']) expect(isGuestId(other)).toBe(false);
    expect(guestIdForToken('not a token')).toBeUndefined();
  });
});

describe('docs/web.md', () => {
  it('the Node snippet for the site’s server computes the hashes the gateway checks', async () => {
    const { readFileSync, writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const doc = readFileSync(new URL('../../docs/web.md', import.meta.url), 'utf8');
    const snippet = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(snippet).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-doc-'));
    const file = join(dir, 'snippet.mjs');
    writeFileSync(file, snippet!.replace('process.env.WEB_IDENTITY_SECRET', JSON.stringify('doc-secret-doc-secret')));
    const { switchboardIdentity } = (await import(file)) as { switchboardIdentity: (user: object) => Record<string, unknown> };
    rmSync(dir, { recursive: true, force: true });
    const user = { id: 'u-1', email: 'Astrid@Example.SE', emailVerified: true, phone: '+46701234567', phoneVerified: true };
    expect(switchboardIdentity(user)).toEqual({
      userId: 'u-1',
      userHash: webUserHash('doc-secret-doc-secret', 'u-1'),
      claims: { email: 'Astrid@Example.SE', phone: '+46701234567' },
      claimsHash: webClaimsHash('doc-secret-doc-secret', 'u-1', { phone: '+46701234567', email: 'Astrid@Example.SE' }),
    });
  });
});
