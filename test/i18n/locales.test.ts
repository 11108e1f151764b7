import { describe, expect, it } from 'vitest';
import { LOCALES_DIR, supportedLanguages, translator } from '../../src/i18n/index.ts';
import { SUPPORTED_LANGUAGES } from '../../src/i18n/languages.ts';
import { checkResources, readBundles, type Bundles } from '../../src/i18n/resource-check.ts';

const bundles = readBundles(LOCALES_DIR);

describe('translations in locales/', () => {
  it('ship all 11 languages', () => {
    expect(Object.keys(bundles).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
    expect(supportedLanguages()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it('have every English key, the same {{variables}} and every plural form, in every language and namespace', () => {
    expect(checkResources(bundles, SUPPORTED_LANGUAGES)).toEqual([]);
  });

  it('name every supported language in every language', () => {
    for (const language of SUPPORTED_LANGUAGES) {
      const t = translator(language);
      for (const code of SUPPORTED_LANGUAGES) expect(t(`languages.${code}`), `${language}: languages.${code}`).not.toBe(`languages.${code}`);
    }
  });

  it('pick the plural form i18next expects for the language (Polish has one, few and many)', () => {
    const t = translator('pl');
    expect(t('support.wait_minutes', { count: 1 })).toContain('1 minuta');
    expect(t('support.wait_minutes', { count: 3 })).toContain('3 minuty');
    expect(t('support.wait_minutes', { count: 5 })).toContain('5 minut.');
    expect(translator('fr')('support.people_ahead', { count: 2 })).toContain('2 personnes');
    expect(translator('sv')('support.people_ahead', { count: 1 })).toContain('1 person före');
  });
});

describe('the resource check', () => {
  const english: Bundles['en'] = { common: { greet: 'Hello {{name}}', wait_one: '{{count}} minute', wait_other: '{{count}} minutes' } };

  it('fails when a key is missing in a language', () => {
    const broken: Bundles = { en: english, sv: { common: { greet: 'Hej {{name}}', wait_one: '{{count}} minut' } } };
    expect(checkResources(broken, ['en', 'sv'])).toEqual(['sv/common.json: "wait" lacks plural forms wait_other']);
    const missing: Bundles = { en: english, sv: { common: { wait_one: '{{count}} minut', wait_other: '{{count}} minuter' } } };
    expect(checkResources(missing, ['sv'])).toEqual(['sv/common.json: key "greet" is missing']);
  });

  it('fails when a translation drops or renames a variable', () => {
    const renamed: Bundles = { en: english, de: { common: { greet: 'Hallo {{nom}}', wait_one: '{{count}} Minute', wait_other: 'Minuten' } } };
    expect(checkResources(renamed, ['de'])).toEqual([
      'de/common.json: "greet" has variables {nom}, English has {name}',
    ]);
    const dropped: Bundles = { en: english, de: { common: { greet: 'Hallo', wait_one: 'eine Minute', wait_other: 'Minuten' } } };
    expect(checkResources(dropped, ['de'])).toEqual([
      'de/common.json: "greet" has variables {none}, English has {name}',
      'de/common.json: "wait" has variables {none}, English has {count}',
    ]);
  });

  it('fails when a namespace file is missing or a language lacks its own plural categories', () => {
    const polish: Bundles = { en: english, pl: { common: { greet: 'Cześć {{name}}', wait_one: '{{count}} minuta', wait_other: '{{count}} minuty' } } };
    expect(checkResources(polish, ['pl'])).toEqual(['pl/common.json: "wait" lacks plural forms wait_few, wait_many']);
    expect(checkResources({ en: english, fi: {} }, ['fi'])).toEqual(['fi/common.json is missing']);
  });

  it('fails when a sentence was left in English (a lone word such as "Hello" may stay)', () => {
    const untranslated: Bundles = { en: english, da: { common: { greet: 'Hello {{name}}', wait_one: '{{count}} minut', wait_other: '{{count}} minutter' } } };
    expect(checkResources(untranslated, ['da'])).toEqual([]);
    const sentence: Bundles = {
      en: { common: { sorry: 'Sorry, something went wrong.' } },
      da: { common: { sorry: 'Sorry, something went wrong.' } },
    };
    expect(checkResources(sentence, ['da'])).toEqual(['da/common.json: "sorry" is still the English text']);
  });
});
