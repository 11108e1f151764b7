import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError, parseCsv, parseCsvDataset, parseJsonlDataset, readDataset } from './dataset.ts';

const file = (name: string, content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'dataset-')), name);
  writeFileSync(path, content);
  return path;
};

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes and newlines inside quotes', () => {
    const records = parseCsv('text,label\n"Hello, world",greet\n"She said ""hi""",quote\n"two\nlines",multi\n');
    expect(records.map((record) => record.fields)).toEqual([
      ['text', 'label'],
      ['Hello, world', 'greet'],
      ['She said "hi"', 'quote'],
      ['two\nlines', 'multi'],
    ]);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3, 4]);
  });

  it('accepts CRLF, a BOM, blank lines, empty fields and a missing final newline', () => {
    const records = parseCsv('\uFEFFtext,label\r\n\r\n,empty\r\n"x",y');
    expect(records.map((record) => record.fields)).toEqual([
      ['text', 'label'],
      ['', 'empty'],
      ['x', 'y'],
    ]);
    expect(records[2]!.line).toBe(4);
  });

  it('names the line where an unterminated quote starts', () => {
    expect(() => parseCsv('text,label\nok,a\n"never closed,b\nmore\n', 'data.csv')).toThrow('data.csv:3: unterminated quoted field');
  });

  it('rejects text after a closing quote', () => {
    expect(() => parseCsv('text,label\n"a"b,c\n', 'data.csv')).toThrow(/data\.csv:2: unexpected character "b"/);
  });
});

describe('parseCsvDataset', () => {
  it('finds the label in label, intent or category and ignores other columns', () => {
    expect(parseCsvDataset('id,text,intent,lang\n1,hi there,greeting,en\n', 'x.csv')).toEqual([{ text: 'hi there', label: 'greeting' }]);
    expect(parseCsvDataset('category,text\ncard_arrival,where is my card\n', 'x.csv')).toEqual([
      { text: 'where is my card', label: 'card_arrival' },
    ]);
  });

  it('uses the column named by labelColumn', () => {
    const csv = 'text,label,topic\nhi,greeting,smalltalk\n';
    expect(parseCsvDataset(csv, 'x.csv', { labelColumn: 'topic' })).toEqual([{ text: 'hi', label: 'smalltalk' }]);
    expect(() => parseCsvDataset(csv, 'x.csv', { labelColumn: 'nope' })).toThrow('x.csv:1: no column named "nope"');
  });

  it('names the file and line of a bad row', () => {
    expect(() => parseCsvDataset('text,label\nok,a\nonly one field\n', 'bad.csv')).toThrow('bad.csv:3: expected 2 fields, found 1');
    expect(() => parseCsvDataset('text,label\nok,a\nno label,\n', 'bad.csv')).toThrow('bad.csv:3: the label is empty');
    expect(() => parseCsvDataset('words,label\nx,y\n', 'bad.csv')).toThrow('bad.csv:1: no column named "text"');
    expect(() => parseCsvDataset('text,tag\nx,y\n', 'bad.csv')).toThrow(/bad\.csv:1: no label column/);
  });
});

describe('parseJsonlDataset', () => {
  it('reads one object per line and skips blank lines', () => {
    const jsonl = '{"text":"hi","label":"greeting","extra":1}\n\n{"text":"refund please","intent":"x","label":"refund"}\n';
    expect(parseJsonlDataset(jsonl, 'x.jsonl')).toEqual([
      { text: 'hi', label: 'greeting' },
      { text: 'refund please', label: 'refund' },
    ]);
  });

  it('names the line of invalid JSON or a missing field', () => {
    expect(() => parseJsonlDataset('{"text":"a","label":"b"}\n{"text": oops}\n', 'x.jsonl')).toThrow(/x\.jsonl:2: not valid JSON/);
    expect(() => parseJsonlDataset('{"text":"a","label":"b"}\n{"label":"b"}\n', 'x.jsonl')).toThrow('x.jsonl:2: the text is missing');
    expect(() => parseJsonlDataset('[1,2]\n', 'x.jsonl')).toThrow('x.jsonl:1: expected a JSON object per line');
  });
});

describe('readDataset', () => {
  it('reads CSV and JSONL files by extension or content', () => {
    expect(readDataset(file('a.csv', 'text,label\nhi,greeting\n'))).toEqual([{ text: 'hi', label: 'greeting' }]);
    expect(readDataset(file('a.jsonl', '{"text":"hi","category":"greeting"}\n'))).toEqual([{ text: 'hi', label: 'greeting' }]);
    expect(readDataset(file('a.txt', '{"text":"hi","label":"greeting"}\n'))).toEqual([{ text: 'hi', label: 'greeting' }]);
  });

  it('keeps non-ASCII text intact', () => {
    expect(readDataset(file('u.csv', 'text,label\n"Gdzie jest moja paczka? 📦",track\n'))).toEqual([
      { text: 'Gdzie jest moja paczka? 📦', label: 'track' },
    ]);
  });

  it('fails clearly for a missing or empty file', () => {
    const missing = join(tmpdir(), 'no-such-dataset-file.csv');
    expect(() => readDataset(missing)).toThrow(DatasetError);
    expect(() => readDataset(missing)).toThrow(`${missing}: cannot read the dataset (file not found)`);
    expect(() => readDataset(file('empty.csv', ''))).toThrow(/empty\.csv: the file is empty/);
    expect(() => readDataset(file('header.csv', 'text,label\n'))).toThrow(/header\.csv: the file holds no examples/);
  });
});
