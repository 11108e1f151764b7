import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { ConfigError } from '../src/errors.ts';

const fails = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect([config.PORT, config.DATABASE_URL, config.modelMode]).toEqual([3000, 'sqlite:./data/switchboard.db', 'offline']);
  });

  it('names the variable and what is wrong with it', () => {
    expect(fails({ PORT: 'abc' })).toMatch(/^Invalid configuration:\n {2}PORT .*"abc"/);
    expect(fails({ DATABASE_URL: 'mysql://x' })).toContain('DATABASE_URL must start with sqlite:');
    expect(fails({ PUBLIC_URL: 'example.com' })).toContain('PUBLIC_URL must be an absolute URL');
    expect(fails({ TURN_WORKER_HEAP_MB: '64' })).toContain('TURN_WORKER_HEAP_MB must be 128 or more');
  });

  it('says how to fix a missing companion secret, without echoing secrets', () => {
    const message = fails({ TWILIO_ACCOUNT_SID: 'AC123' });
    expect(message).toContain('TWILIO_AUTH_TOKEN is required when TWILIO_ACCOUNT_SID is set');
    expect(message).toContain('Twilio console');
    expect(fails({ SLACK_BOT_TOKEN: 'xoxb-secret' })).toContain('SLACK_SIGNING_SECRET is required');
  });

  it('requires a console token in production, one too long to guess', () => {
    expect(fails({ NODE_ENV: 'production' })).toContain('CONSOLE_TOKEN is required when NODE_ENV=production');
    expect(fails({ NODE_ENV: 'production', CONSOLE_TOKEN: 'abc' })).toContain('CONSOLE_TOKEN must be at least 16 characters in production');
    expect(loadConfig({ NODE_ENV: 'production', CONSOLE_TOKEN: 'a'.repeat(16) }).CONSOLE_TOKEN).toHaveLength(16);
    expect(loadConfig({ CONSOLE_TOKEN: 'abc' }).CONSOLE_TOKEN).toBe('abc');
  });

  it('listens on this machine only in development, on every interface in production, unless HOST says otherwise', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'production', CONSOLE_TOKEN: 'a'.repeat(16) }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('picks the model from the key unless MODEL_MODE says otherwise', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test' }).modelMode).toBe('openai');
    expect(loadConfig({ OPENAI_API_KEY: 'sk-test', MODEL_MODE: 'tiered' }).modelMode).toBe('tiered');
    expect(fails({ MODEL_MODE: 'openai' })).toContain('OPENAI_API_KEY is required when MODEL_MODE=openai');
  });
});
