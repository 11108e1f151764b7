import { fixtureJson as providerJson, fixtureText as providerText } from '../fixtures/index.ts';

export const fixtureText = (name: string): string => providerText('twilio', name);
export const fixtureJson = <T>(name: string): T => providerJson<T>('twilio', name);

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
