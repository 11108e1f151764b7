/**
 * Reads labelled datasets (CSV or JSONL) for training and evaluation: a `text`
 * column plus a label column (`label`, `intent` or `category`, or one chosen by
 * name). Other columns are ignored. Bad rows fail with the file and line.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { GatewayError } from '../src/errors.ts';
import type { LabelledExample } from '../agents/models/offline/classifier.ts';

/** A dataset file cannot be read or a row is malformed; `line` is 1-based when known. */
export class DatasetError extends GatewayError {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`, 'dataset_invalid');
  }
}

export interface DatasetOptions {
  /** The label column; by default the first of `label`, `intent`, `category`. */
  labelColumn?: string;
  /** The text column; `text` by default. */
  textColumn?: string;
}

const DEFAULT_LABEL_COLUMNS = ['label', 'intent', 'category'];

/** A CSV record with the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines;
 * CRLF or LF line ends; a leading BOM is ignored; blank lines are skipped.
 */
export function parseCsv(content: string, file = '<csv>'): CsvRecord[] {
  const records: CsvRecord[] = [];
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    atFieldStart = true;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new DatasetError('unterminated quoted field (a " is never closed)', file, openedOn);
        const q = text[i]!;
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new DatasetError(`unexpected character ${JSON.stringify(next)} after a closing quote`, file, line);
      }
      atFieldStart = false;
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function pickLabelColumn(columns: string[], options: DatasetOptions, file: string): string {
  if (options.labelColumn !== undefined) {
    if (!columns.includes(options.labelColumn)) {
      throw new DatasetError(`no column named "${options.labelColumn}" (columns: ${columns.join(', ')})`, file, 1);
    }
    return options.labelColumn;
  }
  const found = DEFAULT_LABEL_COLUMNS.find((name) => columns.includes(name));
  if (!found) {
    throw new DatasetError(
      `no label column: expected one of ${DEFAULT_LABEL_COLUMNS.join(', ')} or --label-column (columns: ${columns.join(', ')})`,
      file,
      1,
    );
  }
  return found;
}

function toExample(text: unknown, label: unknown, file: string, line: number): LabelledExample {
  if (typeof text !== 'string') throw new DatasetError('the text is missing or not a string', file, line);
  if (typeof label !== 'string' && typeof label !== 'number') {
    throw new DatasetError('the label is missing or not a string', file, line);
  }
  const labelText = String(label).trim();
  if (labelText === '') throw new DatasetError('the label is empty', file, line);
  return { text, label: labelText };
}

/** Parses CSV content (the first record is the header). */
export function parseCsvDataset(content: string, file: string, options: DatasetOptions = {}): LabelledExample[] {
  const [header, ...rows] = parseCsv(content, file);
  if (!header) throw new DatasetError('the file is empty (expected a header row)', file);
  const columns = header.fields.map((name) => name.trim());
  const textColumn = options.textColumn ?? 'text';
  const textIndex = columns.indexOf(textColumn);
  if (textIndex < 0) throw new DatasetError(`no column named "${textColumn}" (columns: ${columns.join(', ')})`, file, 1);
  const labelIndex = columns.indexOf(pickLabelColumn(columns, options, file));
  return rows.map(({ fields, line }) => {
    if (fields.length !== columns.length) {
      throw new DatasetError(`expected ${columns.length} fields, found ${fields.length}`, file, line);
    }
    return toExample(fields[textIndex], fields[labelIndex], file, line);
  });
}

/** Parses JSON Lines content: one object per line, blank lines skipped. */
export function parseJsonlDataset(content: string, file: string, options: DatasetOptions = {}): LabelledExample[] {
  const examples: LabelledExample[] = [];
  const textColumn = options.textColumn ?? 'text';
  let labelColumn: string | undefined;
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const source = index === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    if (source.trim() === '') return;
    let row: unknown;
    try {
      row = JSON.parse(source);
    } catch (error) {
      throw new DatasetError(`not valid JSON (${(error as Error).message})`, file, line);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new DatasetError('expected a JSON object per line', file, line);
    }
    const record = row as Record<string, unknown>;
    labelColumn ??= pickLabelColumn(Object.keys(record), options, file);
    examples.push(toExample(record[textColumn], record[labelColumn], file, line));
  });
  if (examples.length === 0) throw new DatasetError('the file holds no examples', file);
  return examples;
}

/** Reads a dataset file; `.jsonl`/`.ndjson` (or content starting with `{`) is JSONL, anything else CSV. */
export function readDataset(file: string, options: DatasetOptions = {}): LabelledExample[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new DatasetError(`cannot read the dataset (${reason})`, file);
  }
  const extension = extname(file).toLowerCase();
  const looksJsonl = extension === '.jsonl' || extension === '.ndjson' || (extension !== '.csv' && content.trimStart().replace(/^\uFEFF/, '').startsWith('{'));
  const examples = looksJsonl ? parseJsonlDataset(content, file, options) : parseCsvDataset(content, file, options);
  if (examples.length === 0) throw new DatasetError('the file holds no examples', file);
  return examples;
}
