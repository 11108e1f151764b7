import { readFileSync } from 'node:fs';

/** One labelled short support message. */
export interface LabelledMessage {
  text: string;
  /** The language the message is written in (one of the 11 supported codes). */
  lang: string;
}

/** The labelled set, `messages.tsv` beside this file: `lang<TAB>text`, one message a line. */
export function loadLabelledMessages(path = new URL('./messages.tsv', import.meta.url)): LabelledMessage[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [lang, text] = line.split('\t');
      if (!lang || !text) throw new Error(`messages.tsv: bad line ${JSON.stringify(line)}`);
      return { lang, text };
    });
}
