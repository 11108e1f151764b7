import { describe, expect, it } from 'vitest';
import { WrongCredentials } from './wrong-credentials.ts';

describe('WrongCredentials', () => {
  it('lets an address try again once its window has passed', () => {
    let now = 0;
    const counter = new WrongCredentials({ limit: 3, windowMs: 1000, maxAddresses: 10 }, () => now);
    for (let i = 0; i < 3; i += 1) counter.wrong('a');
    now = 400;
    expect(counter.waitMs('a')).toBe(600);
    expect(counter.waitMs('b')).toBe(0);
    now = 1000;
    expect(counter.waitMs('a')).toBe(0);
    counter.wrong('a');
    expect(counter.waitMs('a')).toBe(0);
  });

  it('remembers a bounded number of addresses, forgetting the oldest first', () => {
    const counter = new WrongCredentials({ limit: 1, windowMs: 60_000, maxAddresses: 2 }, () => 0);
    for (const address of ['a', 'b', 'c']) counter.wrong(address);
    expect(counter.waitMs('a')).toBe(0);
    expect(counter.waitMs('b')).toBeGreaterThan(0);
    expect(counter.waitMs('c')).toBeGreaterThan(0);
  });
});
