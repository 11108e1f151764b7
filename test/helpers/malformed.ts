import { deflateSync, gzipSync } from 'node:zlib';
import { seededRandom } from '../../agents/models/offline/random.ts';

/** One malformed request body with the headers it is sent with, and a name for failure reports. */
export interface MalformedCase {
  name: string;
  body: Buffer;
  headers: Record<string, string>;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const bytes = (random: () => number, length: number) => Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-7',
  'application/json; charset=no-such-charset',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/xml',
  'multipart/form-data; boundary=----x',
  'application/octet-stream',
  'image/png',
  'application/json; charset',
  ';;;',
] as const;

/** Wrong values for a field that must be a string or an object. */
const WRONG_VALUES: unknown[] = [null, 0, -1, 1e308, true, [], {}, [[[]]], '', ' ', '\u0000', '\ud800', 'x'.repeat(70_000), { $gt: '' }, ['a', 'b'], { toString: 'x' }];

function deeplyNested(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/**
 * Bodies a client may send by mistake or on purpose: random bytes, cut JSON, wrong types in a
 * valid shape, bad or lying compression, wrong or unsupported content types and charsets,
 * invalid UTF-8, deep nesting, oversize. `template` is a valid body of the route, so
 * mutations of it reach the route's own parser rather than stopping at the first byte.
 */
export function malformedCases(template: Record<string, unknown>, count: number, seed: number): MalformedCase[] {
  const random = seededRandom(seed);
  const valid = JSON.stringify(template);
  const keys = Object.keys(template);
  const makers: ((index: number) => MalformedCase)[] = [
    () => ({ name: 'random bytes', body: bytes(random, Math.floor(random() * 2048)), headers: { 'content-type': pick(random, CONTENT_TYPES) } }),
    () => ({ name: 'cut JSON', body: Buffer.from(valid.slice(0, Math.floor(random() * valid.length))), headers: { 'content-type': 'application/json' } }),
    () => {
      const key = pick(random, keys);
      const mutated = { ...template, [key]: pick(random, WRONG_VALUES) };
      return { name: `wrong type for ${key}`, body: Buffer.from(JSON.stringify(mutated)), headers: { 'content-type': pick(random, ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) } };
    },
    () => ({ name: 'not gzip, says gzip', body: Buffer.concat([Buffer.from(valid), bytes(random, 16)]), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    () => ({ name: 'cut gzip', body: gzipSync(valid).subarray(0, 12), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    () => ({ name: 'not deflate, says deflate', body: bytes(random, 64), headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' } }),
    () => ({ name: 'not brotli, says br', body: bytes(random, 64), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } }),
    () => ({ name: 'unknown encoding', body: Buffer.from(valid), headers: { 'content-type': 'application/json', 'content-encoding': pick(random, ['compress', 'x-gzip2', 'gzip, gzip', 'zstd-ish', '\u00e9']) } }),
    () => ({ name: 'gzip of garbage', body: gzipSync(bytes(random, 200)), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    () => ({ name: 'deflate of cut JSON', body: deflateSync(valid.slice(0, valid.length >> 1)), headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' } }),
    () => ({ name: 'gzip bomb over the limit', body: gzipSync(Buffer.alloc(512 * 1024, 0x20)), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    () => ({ name: 'oversize', body: Buffer.alloc(100 * 1024 + Math.floor(random() * 100 * 1024), 0x61), headers: { 'content-type': 'application/json' } }),
    () => ({ name: 'invalid UTF-8 inside strings', body: Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0xff, 0xfe]), Buffer.from(`","userId":"\\ud800"}`)]), headers: { 'content-type': 'application/json; charset=utf-8' } }),
    () => ({ name: 'deep nesting', body: Buffer.from(deeplyNested(2000 + Math.floor(random() * 3000))), headers: { 'content-type': 'application/json' } }),
    () => ({ name: 'a JSON scalar', body: Buffer.from(pick(random, ['null', '0', '"x"', 'true', '[]', '[{}]', '1e999'])), headers: { 'content-type': 'application/json' } }),
    () => ({ name: 'bad form encoding', body: Buffer.from(pick(random, ['payload=%E0%A4%A', 'Body=%&From=%%2', '=&=&&==', 'payload=%7B%22type', 'a'.repeat(5000) + '=%ZZ'])), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    () => ({ name: 'valid JSON, wrong content type', body: Buffer.from(valid), headers: { 'content-type': pick(random, ['text/plain', 'application/xml', 'multipart/form-data', 'application/json-patch+json']) } }),
    () => ({ name: 'empty body', body: Buffer.alloc(0), headers: { 'content-type': pick(random, CONTENT_TYPES) } }),
    () => ({ name: 'prototype keys', body: Buffer.from(`{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}},${valid.slice(1)}`), headers: { 'content-type': 'application/json' } }),
  ];
  return Array.from({ length: count }, (_, index) => makers[index % makers.length]!(index));
}

/** Paths with broken percent-encodings and odd segments under a route's prefix. */
export function malformedPaths(prefixes: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(seed);
  const segments = ['%E0%A4%A', '%', '%%', '%G0', '%FF%FE', '%C0%AF', '..%2F..%2Fetc', '%00', 'a%2', '%uD800', '%E2%82'];
  return Array.from({ length: count }, () => pick(random, prefixes).replace(':segment', pick(random, segments)));
}
