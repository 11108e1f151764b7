import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../helpers/gateway.ts';
import { webClient } from '../helpers/web-client.ts';

let gateway: RunningGateway;
let web: ReturnType<typeof webClient>;

beforeAll(async () => {
  gateway = await startGateway();
  web = webClient(gateway.url);
});
afterAll(async () => {
  await gateway.stop();
});

describe('the language of the answer', () => {
  it('follows the language of the message', async () => {
    const reply = await web.ask('lang-es', '¿Dónde está mi reembolso? Lo pedí hace dos semanas.');
    expect(reply.language).toBe('es');
    const german = await web.ask('lang-de', 'Wann ist meine nächste Zahlung fällig? Ich finde die Rechnung nicht.');
    expect(german.language).toBe('de');
  });

  it('tells Spanish from Italian by its accents, even in a short request', async () => {
    const reply = await web.ask('lang-es-short', 'Pásame con un agente humano');
    expect(reply.language).toBe('es');
    expect((await web.ask('lang-it-short', 'perché non è arrivato il pacco')).language).toBe('it');
  });

  it("answers a signed-in customer's first word in their market's language, whatever the sender id suggests", async () => {
    const reply = await web.ask('web-lukas', 'hallo');
    expect(reply.language).toBe('de');
    expect((await web.ask('web-lukas', 'ok')).language).toBe('de');
  });

  it("keeps a Norwegian customer's first message in Bokmål when only n-grams, not spelling, point to Danish", async () => {
    expect((await web.ask('web-nora', 'kan jeg returnere varer på salg?')).language).toBe('nb');
  });

  it('switches on /lang and keeps the choice for messages in another language', async () => {
    const confirmed = await web.ask('lang-choice', '/lang sv');
    expect(confirmed.language).toBe('sv');
    expect(confirmed.meta?.intent).toBe('set_language');
    const next = await web.ask('lang-choice', 'Hello, where is my refund for my last order please?');
    expect(next.language).toBe('sv');
  });

  it('takes an explicit request in words', async () => {
    const reply = await web.ask('lang-words', 'auf Deutsch bitte');
    expect(reply.language).toBe('de');
    expect((await web.ask('lang-words', 'hi')).language).toBe('de');
  });

  it('does not flip a Swedish conversation on one English word', async () => {
    await web.ask('lang-sticky', 'Hej! Jag undrar när min nästa betalning ska vara betald?');
    const reply = await web.ask('lang-sticky', 'ok thanks');
    expect(reply.language).toBe('sv');
  });

  it('answers an unsupported language in the market default and offers the supported ones', async () => {
    const reply = await web.ask('lang-pt', 'Olá, onde está o meu reembolso? Já esperei duas semanas por ele.');
    expect(reply.language).toBe('en');
    expect(reply.text).toMatch(/svenska/i);
    expect(reply.text).toMatch(/Deutsch/i);
  });

  it('answers an unknown /lang code with the codes it knows', async () => {
    const reply = await web.ask('lang-xx', '/lang pt');
    expect(reply.text).toContain('sv');
    expect(reply.text).toContain('pt');
  });
});
