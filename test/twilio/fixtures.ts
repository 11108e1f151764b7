import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/fixtures/twilio/` from the repository root. */
const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/twilio/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function fixtureJson<T>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

export interface WhatsAppCase {
  name: string;
  raw_body: string;
  params: Record<string, string>;
  expected_signature: string;
}

export interface WhatsAppFixture {
  auth_token: string;
  url: string;
  cases: WhatsAppCase[];
}

export const whatsAppFixture = () => fixtureJson<WhatsAppFixture>('inbound_whatsapp_synthesized.json');
