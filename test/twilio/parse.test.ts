import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.ts';
import { detectKeyword } from '../../channels/twilio/keywords.ts';
import { parseTwilioInbound } from '../../channels/twilio/parse.ts';
import { parseFormBody } from '../../channels/twilio/verify.ts';
import { fixtureJson, fixtureText, whatsAppFixture } from './fixtures.ts';

describe('parsing the shared Twilio fixtures', () => {
  it('an SMS from the Twilio CLI webhook plugin', () => {
    const { body } = fixtureJson<{ body: Record<string, string> }>('inbound_sms_twilio_cli_plugin_webhook.json');
    expect(parseTwilioInbound(body, 'sms')).toEqual({
      channel: 'sms',
      messageSid: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      from: '+15017122661',
      to: '+15558675310',
      body: 'Ahoy',
      media: [],
      profileName: undefined,
      waId: undefined,
      buttonPayload: undefined,
      buttonText: undefined,
    });
  });

  it('an SMS without media and an MMS with one (botbuilder payloads)', () => {
    const sms = parseTwilioInbound(parseFormBody(fixtureText('inbound_sms_botbuilder_NoMediaPayload.txt')), 'sms');
    expect(sms).toMatchObject({ messageSid: '3333', from: '+2222', to: '+1111', body: 'Hello', media: [] });
    const mms = parseTwilioInbound(parseFormBody(fixtureText('inbound_mms_botbuilder_MediaPayload.txt')), 'sms');
    expect(mms.media).toEqual([{ url: 'www.contoso.com', contentType: 'json' }]);
  });

  const fixture = whatsAppFixture();
  const byName = Object.fromEntries(fixture.cases.map((item) => [item.name, parseTwilioInbound(parseFormBody(item.raw_body), 'whatsapp')]));

  it('WhatsApp text in English: bare E.164 sender, profile name, WaId', () => {
    expect(byName.whatsapp_text_en).toMatchObject({
      channel: 'whatsapp',
      messageSid: 'SM00000000000000000000000000abc001',
      from: '+15005550006',
      to: '+14155238886',
      body: 'My card payment was declined, can you help?',
      profileName: 'Jane Doe',
      waId: '15005550006',
    });
  });

  it('WhatsApp text in Spanish keeps its accents', () => {
    expect(byName.whatsapp_text_es).toMatchObject({ from: '+34600000000', profileName: 'José Núñez', body: '¿Dónde está mi tarjeta? Quiero hablar con una persona.' });
  });

  it('WhatsApp button reply carries its payload', () => {
    expect(byName.whatsapp_button_reply).toMatchObject({ body: 'Talk to an agent', buttonText: 'Talk to an agent', buttonPayload: 'escalate_human' });
  });

  it('WhatsApp image without a caption', () => {
    expect(byName.whatsapp_image).toMatchObject({
      body: '',
      media: [{ url: expect.stringContaining('/Media/ME00000000000000000000000000abc004'), contentType: 'image/jpeg' }],
    });
  });

  it('refuses a WhatsApp message on the SMS route, and a body without MessageSid', () => {
    const params = parseFormBody(fixture.cases[0]!.raw_body);
    expect(() => parseTwilioInbound(params, 'sms')).toThrow(ValidationError);
    const { MessageSid: _dropped, ...rest } = params;
    expect(() => parseTwilioInbound(rest, 'whatsapp')).toThrow(/Not a Twilio message webhook/);
  });
});

describe('keywords', () => {
  it('recognises the whole message only, in any case, with accents and punctuation', () => {
    expect(detectKeyword('stop')).toMatchObject({ kind: 'opt_out', twilioDefault: true });
    expect(detectKeyword(' Unsubscribe. ')).toMatchObject({ kind: 'opt_out' });
    expect(detectKeyword('¡Ayuda!')).toMatchObject({ kind: 'help', languages: ['es'] });
    expect(detectKeyword('Hjälp')).toMatchObject({ kind: 'help', languages: ['sv'] });
    expect(detectKeyword('Arrêt')).toMatchObject({ kind: 'opt_out', languages: ['fr'] });
    expect(detectKeyword('START')).toMatchObject({ kind: 'opt_in' });
    expect(detectKeyword('Stopp!')).toMatchObject({ kind: 'opt_out', languages: ['de', 'sv', 'nb'] });
    expect(detectKeyword("please don't stop my card")).toBeUndefined();
    expect(detectKeyword('stop it')).toBeUndefined();
  });
});
