import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../app/config.ts';
import { retentionMs } from '../../src/privacy/config.ts';

describe('retention settings', () => {
  it('default to 90 days of messages and 365 of tickets; an empty variable is the default, 0 keeps forever', () => {
    expect(loadConfig({})).toMatchObject({ RETENTION_MESSAGES_DAYS: 90, RETENTION_TICKETS_DAYS: 365 });
    expect(loadConfig({ RETENTION_MESSAGES_DAYS: '' }).RETENTION_MESSAGES_DAYS).toBe(90);
    expect(retentionMs(loadConfig({ RETENTION_MESSAGES_DAYS: '0' }).RETENTION_MESSAGES_DAYS)).toBeUndefined();
    expect(retentionMs(loadConfig({ RETENTION_MESSAGES_DAYS: '0.5' }).RETENTION_MESSAGES_DAYS)).toBe(43_200_000);
  });

  it('refuse what is not a number of days, naming the variable', () => {
    expect(() => loadConfig({ RETENTION_TICKETS_DAYS: 'a year' })).toThrow('RETENTION_TICKETS_DAYS must be a number of days (got "a year")');
    expect(() => loadConfig({ RETENTION_MESSAGES_DAYS: '-1' })).toThrow('RETENTION_MESSAGES_DAYS must be 0 (keep) or more days');
  });
});
