import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, checkIdempotencyKey, requestHash } from '../../server/services/mutation.js';
import { InvalidInputError } from '../../server/domain/errors.js';

/** A deep copy of a JSON value whose object keys are inserted in another order. */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorder(v, seed + i + 1));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    // deterministic Fisher–Yates driven by a small LCG
    let s = seed >>> 0;
    for (let i = entries.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const j = s % (i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    // Object.fromEntries defines own properties, even for a key such as "__proto__"
    return Object.fromEntries(entries.map(([k, v], i) => [k, reorder(v, seed + i + 7)]));
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts object keys at every depth, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, 2], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,1,2]},"b":1}');
    expect(canonicalJson([{ z: 1, y: 2 }, { x: 3 }])).toBe('[{"y":2,"z":1},{"x":3}]');
  });

  it('writes instants as ISO text, at the top level and nested', () => {
    const at = new Date('2019-07-01T09:05:00-05:00');
    expect(canonicalJson(at)).toBe('"2019-07-01T14:05:00.000Z"');
    expect(canonicalJson({ receivedAt: at, list: [at] })).toBe(
      '{"list":["2019-07-01T14:05:00.000Z"],"receivedAt":"2019-07-01T14:05:00.000Z"}',
    );
  });

  it('drops undefined properties but keeps nulls', () => {
    expect(canonicalJson({ a: undefined, b: null, c: 1 })).toBe('{"b":null,"c":1}');
    expect(canonicalJson({ a: undefined })).toBe(canonicalJson({}));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson('12.5')).toBe('"12.5"');
    expect(canonicalJson(12)).toBe('12');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson('12.5')).not.toBe(canonicalJson(12.5));
  });

  it('handles objects without a prototype (as GraphQL may build them)', () => {
    const o = Object.assign(Object.create(null) as Record<string, unknown>, { b: '2', a: '1' });
    expect(canonicalJson(o)).toBe('{"a":"1","b":"2"}');
  });

  // Bug (latent): normalize() copies keys with `out[k] = v`, and assigning to
  // "__proto__" sets the prototype of `out` instead of creating a property, so
  // an own "__proto__" key (as JSON.parse creates) vanishes from the canonical
  // text and two different inputs get the same requestHash. Fix: build `out`
  // with Object.create(null) or Object.defineProperty / Object.fromEntries.
  it('keeps an own "__proto__" key (as JSON.stringify does)', () => {
    const a = JSON.parse('{"__proto__":{"lotId":1},"b":2}') as unknown;
    const b = JSON.parse('{"__proto__":{"lotId":2},"b":2}') as unknown;
    expect(canonicalJson(a)).toBe('{"__proto__":{"lotId":1},"b":2}');
    expect(requestHash('op', a)).not.toBe(requestHash('op', b));
  });

  it('does not depend on key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        expect(canonicalJson(reorder(value, seed))).toBe(canonicalJson(value));
      }),
      { numRuns: 200 },
    );
  });

  it('is valid JSON that parses back to an equal value (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"')),
        (value) => {
          const text = canonicalJson(value);
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('requestHash', () => {
  const input = { lotId: 7, moisturePercent: '11.8', receivedAt: new Date('2019-07-01T14:05:00Z') };

  it('is the SHA-256 of "operation\\n" + canonical JSON, in hex', () => {
    const expected = createHash('sha256')
      .update('recordIntake\n{"lotId":7,"moisturePercent":"11.8","receivedAt":"2019-07-01T14:05:00.000Z"}')
      .digest('hex');
    expect(requestHash('recordIntake', input)).toBe(expected);
    expect(requestHash('recordIntake', input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same input written in another key order or with undefined fields', () => {
    const same = {
      receivedAt: new Date('2019-07-01T09:05:00-05:00'),
      moisturePercent: '11.8',
      lotId: 7,
      notes: undefined,
    };
    expect(requestHash('recordIntake', same)).toBe(requestHash('recordIntake', input));
  });

  it('differs for another operation or any other input', () => {
    const h = requestHash('recordIntake', input);
    expect(requestHash('gradeLot', input)).not.toBe(h);
    expect(requestHash('recordIntake', { ...input, moisturePercent: '11.80' })).not.toBe(h);
    expect(requestHash('recordIntake', { ...input, lotId: 8 })).not.toBe(h);
    expect(requestHash('recordIntake', { ...input, receivedAt: new Date('2019-07-01T14:05:00.001Z') })).not.toBe(h);
    expect(requestHash('recordIntake', { ...input, notes: null })).not.toBe(h);
  });

  it('differs whenever the canonical JSON differs (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(requestHash('op', a)).not.toBe(requestHash('op', b));
      }),
      { numRuns: 100 },
    );
  });
});

describe('checkIdempotencyKey', () => {
  it.each([
    ['12345678'],
    ['a'.repeat(128)],
    ['3f2b8c1e-9d4a-4e7b-8c2f-1a2b3c4d5e6f'],
    ['intake:coop-7.2019_06'],
    ['ABCDEFGH'],
  ])('accepts %j', (key) => {
    expect(() => checkIdempotencyKey(key)).not.toThrow();
  });

  it.each([
    [''],
    ['1234567'],
    ['a'.repeat(129)],
    ['abcd efgh'],
    ['abcdefgh\n'],
    ['\nabcdefgh'],
    ['abcdefg/h'],
    ['abcdefgh!'],
    ['clé-unique-1'],
    ['{abcdefgh}'],
  ])('refuses %j with INVALID_IDEMPOTENCY_KEY at input.idempotencyKey', (key) => {
    let error: unknown;
    try {
      checkIdempotencyKey(key);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues).toEqual([
      {
        path: ['input', 'idempotencyKey'],
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: expect.stringMatching(/8 to 128/),
      },
    ]);
  });

  it('reports the given path', () => {
    try {
      checkIdempotencyKey('short', ['input', 'batch', '2', 'key']);
      expect.unreachable('should have thrown');
    } catch (e) {
      expect((e as InvalidInputError).issues[0]?.path).toEqual(['input', 'batch', '2', 'key']);
    }
  });
});
