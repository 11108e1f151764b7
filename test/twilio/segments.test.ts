import { describe, expect, it } from 'vitest';
import { fitToSegments, segmentInfo, toGsmLookalikes } from '../../channels/twilio/segments.ts';
import { renderSms } from '../../channels/sms/render.ts';
import { renderWhatsApp, toTemplateVariable } from '../../channels/whatsapp/render.ts';

/** No lone surrogate: nothing was cut inside a character. */
const wellFormed = (text: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

const words = (count: number, word = 'card') => Array.from({ length: count }, () => word).join(' ');

describe('SMS segments', () => {
  it('GSM-7: 160 characters in one segment, then 153 per segment', () => {
    expect(segmentInfo('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(segmentInfo('a'.repeat(161)).segments).toBe(2);
    expect(segmentInfo('a'.repeat(306)).segments).toBe(2);
    expect(segmentInfo('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension characters as two septets and never splits their escape', () => {
    expect(segmentInfo('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    // 152 plain septets then "€": the escape pair cannot start at septet 153.
    expect(segmentInfo(`${'a'.repeat(152)}€${'a'.repeat(10)}`).segments).toBe(2);
    expect(segmentInfo(`${'a'.repeat(152)}€${'a'.repeat(152)}`).segments).toBe(3);
  });

  it('UCS-2: 70 characters in one segment, then 67 per segment', () => {
    expect(segmentInfo('ą'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(segmentInfo('ą'.repeat(71)).segments).toBe(2);
    expect(segmentInfo('ą'.repeat(134)).segments).toBe(2);
    expect(segmentInfo('ą'.repeat(135)).segments).toBe(3);
  });

  it('an emoji forces UCS-2 and costs two units; its halves never land in two segments', () => {
    expect(segmentInfo('Hi 😀')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1 });
    expect(segmentInfo(`${'a'.repeat(66)}😀${'a'.repeat(10)}`).segments).toBe(2);
    expect(segmentInfo(`${'a'.repeat(66)}😀${'a'.repeat(66)}`).segments).toBe(3);
  });

  it('Swedish, German and Danish letters stay GSM-7; Polish ones do not', () => {
    expect(segmentInfo('Hej! Vår kundtjänst hjälper dig. Grüße, Ærø').encoding).toBe('GSM-7');
    expect(segmentInfo('Dzień dobry, w czym mogę pomóc?').encoding).toBe('UCS-2');
  });
});

describe('shortening to a number of segments', () => {
  it('leaves a text that fits alone', () => {
    expect(fitToSegments('Your card is on its way.', 1)).toBe('Your card is on its way.');
  });

  it('cuts between words and marks the cut', () => {
    const text = words(200);
    const short = fitToSegments(text, 2);
    expect(segmentInfo(short).segments).toBeLessThanOrEqual(2);
    expect(short.endsWith('card...')).toBe(true);
    expect(short.slice(0, -3).split(' ').every((word) => word === 'card')).toBe(true);
  });

  it('never leaves half an emoji or half a word in UCS-2', () => {
    const text = Array.from({ length: 100 }, (_, index) => `słowo${index}😀`).join(' ');
    const short = fitToSegments(text, 3);
    expect(segmentInfo(short).segments).toBeLessThanOrEqual(3);
    expect(short.endsWith('…')).toBe(true);
    expect(wellFormed(short)).toBe(true);
    for (const word of short.slice(0, -1).split(' ')) expect(word).toMatch(/^słowo\d+😀$/);
  });

  it('cuts one endless word between graphemes, not inside a flag', () => {
    const short = fitToSegments('🇸🇪'.repeat(100), 1);
    expect(wellFormed(short)).toBe(true);
    expect(short.replace('…', '').length % 4).toBe(0);
  });

  it('keeps the message when the text before the limit ends in one long unbroken run', () => {
    const short = fitToSegments(`Hola ${'😀'.repeat(150)}`, 2);
    expect(segmentInfo(short).segments).toBeLessThanOrEqual(2);
    expect(wellFormed(short)).toBe(true);
    expect(short.startsWith('Hola 😀😀')).toBe(true);
    // Two UCS-2 parts hold about 130 units: nearly all of them are used, not just "Hola".
    expect(short.length).toBeGreaterThan(120);
    expect(short.endsWith('…')).toBe(true);
  });

  it('still cuts at a space when the last word before the limit is short', () => {
    const short = fitToSegments(`${words(30)} ${'x'.repeat(20)} ${words(30)}`, 1);
    expect(short.endsWith('card...') || short.endsWith(`${'x'.repeat(20)}...`)).toBe(true);
    expect(short.slice(0, -3).split(' ').every((word) => word === 'card' || word === 'x'.repeat(20))).toBe(true);
  });

  it('swaps typographic punctuation for GSM-7 lookalikes', () => {
    expect(toGsmLookalikes('It’s “ready” — 5…10')).toBe('It\'s "ready" - 5...10');
    expect(segmentInfo(toGsmLookalikes('It’s here')).encoding).toBe('GSM-7');
  });
});

describe('rendering for SMS and WhatsApp', () => {
  it('SMS drops Markdown and numbers the choices', () => {
    const body = renderSms({ text: '**Refund** sent to your *card*. See [help](https://x.test/h)', choices: [{ label: 'Track it', value: 'track' }] }, 4);
    expect(body).toBe('Refund sent to your card. See help: https://x.test/h\n\nReply with a number:\n1. Track it');
  });

  it('SMS keeps a long answer within the segment budget', () => {
    const body = renderSms({ text: words(300, 'refund') }, 4);
    expect(segmentInfo(body).segments).toBeLessThanOrEqual(4);
  });

  it('WhatsApp turns Markdown into its own formatting', () => {
    expect(renderWhatsApp({ text: '# Refund\n**Amount**: 10 EUR, *soon*\n* first\n* second\n~~old~~' })).toBe(
      '*Refund*\n*Amount*: 10 EUR, _soon_\n- first\n- second\n~old~',
    );
  });

  it('a template variable is one line', () => {
    expect(toTemplateVariable('Line one\n\n- two   three')).toBe('Line one - two three');
  });
});
