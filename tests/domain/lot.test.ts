import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  MAX_BAGS,
  MAX_DEFECTS,
  MAX_NOTES_LENGTH,
  checkPercent,
  hasControlCharacters,
  isAboveMoistureLimit,
  isSpecialty,
  validateGrading,
  validateIntake,
  type GradingInput,
  type IntakeInput,
} from '../../server/domain/lot.js';
import { CLOCK_SKEW_MS } from '../../server/domain/input.js';
import { InvalidInputError, type InputIssue } from '../../server/domain/errors.js';

const LIMA = 'America/Lima';
const CAMPAIGN = { startsOn: '2019-04-01', endsOn: '2019-09-30' };
const NOW = new Date('2019-07-01T15:00:00.000Z');
const CTX = { campaign: CAMPAIGN, timeZone: LIMA, now: NOW };

function intake(over: Partial<IntakeInput> = {}): IntakeInput {
  return {
    receivedAt: new Date('2019-07-01T14:05:00.000Z'),
    bags: 12,
    grossKg: '700.250',
    tareKg: '2.4',
    moisturePercent: '11.80',
    notes: null,
    ...over,
  };
}

/** The issues thrown by `fn`; fails the test if it does not throw InvalidInputError. */
function issuesOf(fn: () => unknown): InputIssue[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    return (e as InvalidInputError).issues;
  }
  throw new Error('expected InvalidInputError, nothing was thrown');
}

function intakeIssues(over: Partial<IntakeInput>, ctx = CTX): Array<[string, string]> {
  return issuesOf(() => validateIntake(intake(over), ctx)).map((i) => [i.path.join('.'), i.code]);
}

describe('validateIntake: accepted input and stored values', () => {
  it('converts a valid intake to stored units', () => {
    expect(validateIntake(intake({ notes: '  wet bags on top  ' }), CTX)).toEqual({
      receivedAt: '2019-07-01T14:05:00.000Z',
      receivedOn: '2019-07-01',
      bags: 12,
      grossG: 700_250,
      tareG: 2_400,
      netG: 697_850,
      moisturePct: '11.8',
      notes: 'wet bags on top',
    });
  });

  it('dates the receipt in the consortium time zone, not in UTC', () => {
    // 03:00 UTC on 1 July is 22:00 on 30 June in Lima (UTC-5).
    const v = validateIntake(intake({ receivedAt: new Date('2019-07-01T03:00:00Z') }), CTX);
    expect(v.receivedOn).toBe('2019-06-30');
    expect(v.receivedAt).toBe('2019-07-01T03:00:00.000Z');
  });

  it('net weight is gross minus tare, to the gram', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50_000_000 }), fc.nat(), (grossG, t) => {
        const tareG = t % grossG; // 0 <= tare < gross
        const kg = (g: number) => `${Math.floor(g / 1000)}.${String(g % 1000).padStart(3, '0')}`;
        const v = validateIntake(intake({ grossKg: kg(grossG), tareKg: kg(tareG) }), CTX);
        expect(v.grossG).toBe(grossG);
        expect(v.tareG).toBe(tareG);
        expect(v.netG).toBe(grossG - tareG);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['11.80', '11.8'],
    ['12', '12'],
    ['12.00', '12'],
    ['0', '0'],
    ['0.00', '0'],
    ['-0', '0'],
    ['100', '100'],
    ['100.00', '100'],
    ['9.05', '9.05'],
  ])('stores moisture %s canonically as %s', (m, stored) => {
    expect(validateIntake(intake({ moisturePercent: m }), CTX).moisturePct).toBe(stored);
  });

  it('stores blank notes as null and trims notes', () => {
    expect(validateIntake(intake({ notes: undefined }), CTX).notes).toBeNull();
    expect(validateIntake(intake({ notes: null }), CTX).notes).toBeNull();
    expect(validateIntake(intake({ notes: '' }), CTX).notes).toBeNull();
    expect(validateIntake(intake({ notes: ' \t\n ' }), CTX).notes).toBeNull();
    expect(validateIntake(intake({ notes: '\n lote 7\r\n' }), CTX).notes).toBe('lote 7');
  });

  it('allows tab, newline and carriage return inside notes', () => {
    expect(validateIntake(intake({ notes: 'a\tb\nc\r\nd' }), CTX).notes).toBe('a\tb\nc\r\nd');
  });

  it('allows zero tare, 1 bag and the maximum bags', () => {
    expect(validateIntake(intake({ tareKg: '0' }), CTX).tareG).toBe(0);
    expect(validateIntake(intake({ tareKg: '0.000' }), CTX).netG).toBe(700_250);
    expect(validateIntake(intake({ bags: 1 }), CTX).bags).toBe(1);
    expect(validateIntake(intake({ bags: MAX_BAGS }), CTX).bags).toBe(2000);
  });

  it('accepts a gross weight of exactly 50 t and 1 g', () => {
    expect(validateIntake(intake({ grossKg: '50000' }), CTX).grossG).toBe(50_000_000);
    expect(validateIntake(intake({ grossKg: '0.002', tareKg: '0.001' }), CTX).netG).toBe(1);
  });

  it('treats a tare of "-0" as zero tare', () => {
    const v = validateIntake(intake({ tareKg: '-0' }), CTX);
    expect(v.tareG === 0).toBe(true);
    expect(v.netG).toBe(700_250);
  });

  it('uses the given path for issues', () => {
    const issues = issuesOf(() => validateIntake(intake({ bags: 0 }), CTX, ['input', 'lots', '3']));
    expect(issues.map((i) => i.path)).toEqual([['input', 'lots', '3', 'bags']]);
  });
});

describe('validateIntake: bags', () => {
  it.each([[0], [-1], [1.5], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.MAX_SAFE_INTEGER + 1]])(
    'refuses %d bags as NOT_POSITIVE',
    (bags) => {
      expect(intakeIssues({ bags })).toEqual([['input.bags', 'NOT_POSITIVE']]);
    },
  );

  it('refuses more than 2000 bags', () => {
    expect(intakeIssues({ bags: MAX_BAGS + 1 })).toEqual([['input.bags', 'TOO_LARGE']]);
  });
});

describe('validateIntake: gross and tare', () => {
  it.each([['0'], ['0.000'], ['-0'], ['-1'], ['-0.001']])('refuses a gross weight of %s kg', (grossKg) => {
    expect(intakeIssues({ grossKg })).toEqual([['input.grossKg', 'NOT_POSITIVE']]);
  });

  it('refuses a gross weight above 50 t', () => {
    expect(intakeIssues({ grossKg: '50000.001' })).toEqual([['input.grossKg', 'TOO_LARGE']]);
  });

  it.each([
    ['700.2505', 'TOO_MANY_DECIMALS'],
    ['7e2', 'MALFORMED_DECIMAL'],
    ['1,000', 'MALFORMED_DECIMAL'],
    ['700 ', 'MALFORMED_DECIMAL'],
    ['NaN', 'MALFORMED_DECIMAL'],
    ['', 'MALFORMED_DECIMAL'],
    ['99999999999999', 'TOO_LARGE'],
  ])('refuses gross %j with %s', (grossKg, code) => {
    expect(intakeIssues({ grossKg })).toEqual([['input.grossKg', code]]);
  });

  it.each([
    ['-0.001', 'NEGATIVE'],
    ['-5', 'NEGATIVE'],
    ['2.4000', 'TOO_MANY_DECIMALS'],
    ['2,4', 'MALFORMED_DECIMAL'],
    ['Infinity', 'MALFORMED_DECIMAL'],
  ])('refuses tare %j with %s', (tareKg, code) => {
    expect(intakeIssues({ tareKg })).toEqual([['input.tareKg', code]]);
  });

  it('refuses a tare equal to or above the gross weight', () => {
    expect(intakeIssues({ grossKg: '10', tareKg: '10.000' })).toEqual([['input.tareKg', 'TARE_NOT_BELOW_GROSS']]);
    expect(intakeIssues({ grossKg: '10', tareKg: '10.001' })).toEqual([['input.tareKg', 'TARE_NOT_BELOW_GROSS']]);
    expect(validateIntake(intake({ grossKg: '10', tareKg: '9.999' }), CTX).netG).toBe(1);
  });

  it('does not compare tare with an unusable gross', () => {
    expect(intakeIssues({ grossKg: 'x', tareKg: '5' })).toEqual([['input.grossKg', 'MALFORMED_DECIMAL']]);
    expect(intakeIssues({ grossKg: '0', tareKg: '5' })).toEqual([['input.grossKg', 'NOT_POSITIVE']]);
  });

  it('reports the reason in the message', () => {
    const [issue] = issuesOf(() => validateIntake(intake({ grossKg: '1.2345' }), CTX));
    expect(issue?.message).toMatch(/more than 3 decimals/);
  });
});

describe('validateIntake: moisture', () => {
  it.each([
    ['-0.01', 'OUT_OF_RANGE'],
    ['-1', 'OUT_OF_RANGE'],
    ['100.01', 'OUT_OF_RANGE'],
    ['101', 'OUT_OF_RANGE'],
    ['12.345', 'TOO_MANY_DECIMALS'],
    ['12.500', 'TOO_MANY_DECIMALS'],
    ['12,5', 'MALFORMED_DECIMAL'],
    ['012.5', 'MALFORMED_DECIMAL'],
    ['12.5%', 'MALFORMED_DECIMAL'],
    ['', 'MALFORMED_DECIMAL'],
  ])('refuses moisture %j with %s', (moisturePercent, code) => {
    expect(intakeIssues({ moisturePercent })).toEqual([['input.moisturePercent', code]]);
  });
});

describe('validateIntake: receivedAt', () => {
  const lateNow = { ...CTX, now: new Date('2020-01-01T00:00:00Z') };

  it('refuses a receipt that is still the day before the campaign in Lima', () => {
    const ctx = { campaign: { startsOn: '2019-06-17', endsOn: '2020-05-31' }, timeZone: LIMA, now: NOW };
    // 04:00 UTC on 17 June is 23:00 on 16 June in Lima.
    const issues = issuesOf(() => validateIntake(intake({ receivedAt: new Date('2019-06-17T04:00:00Z') }), ctx));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ['input', 'receivedAt'], code: 'OUTSIDE_CAMPAIGN' });
    expect(issues[0]?.message).toContain('2019-06-16');
    expect(issues[0]?.message).toContain(LIMA);
    // one hour later it is the first day of the campaign in Lima
    expect(validateIntake(intake({ receivedAt: new Date('2019-06-17T05:00:00Z') }), ctx).receivedOn).toBe('2019-06-17');
  });

  it('accepts the last campaign day until midnight Lima time', () => {
    // 04:59:59.999 UTC on 1 Oct is 23:59:59.999 on 30 Sep in Lima.
    expect(validateIntake(intake({ receivedAt: new Date('2019-10-01T04:59:59.999Z') }), lateNow).receivedOn).toBe(
      '2019-09-30',
    );
    expect(intakeIssues({ receivedAt: new Date('2019-10-01T05:00:00.000Z') }, lateNow)).toEqual([
      ['input.receivedAt', 'OUTSIDE_CAMPAIGN'],
    ]);
  });

  it('reads the campaign in the given time zone', () => {
    // 2019-03-31T20:00Z is still 31 March in Lima but already 1 April in Tokyo.
    const at = new Date('2019-03-31T20:00:00Z');
    expect(intakeIssues({ receivedAt: at })).toEqual([['input.receivedAt', 'OUTSIDE_CAMPAIGN']]);
    expect(validateIntake(intake({ receivedAt: at }), { ...CTX, timeZone: 'Asia/Tokyo' }).receivedOn).toBe(
      '2019-04-01',
    );
  });

  it('tolerates the one clock-skew allowance of 5 minutes, not more (as runs and deliveries do)', () => {
    expect(CLOCK_SKEW_MS).toBe(300_000);
    const edge = new Date(NOW.getTime() + CLOCK_SKEW_MS);
    expect(validateIntake(intake({ receivedAt: edge }), CTX).receivedAt).toBe('2019-07-01T15:05:00.000Z');
    expect(intakeIssues({ receivedAt: new Date(edge.getTime() + 1) })).toEqual([['input.receivedAt', 'IN_FUTURE']]);
  });

  it('refuses an invalid instant', () => {
    expect(intakeIssues({ receivedAt: new Date('not a date') })).toEqual([['input.receivedAt', 'INVALID_DATETIME']]);
  });

  it('reports both outside-campaign and future when both hold', () => {
    expect(intakeIssues({ receivedAt: new Date('2019-12-01T12:00:00Z') })).toEqual([
      ['input.receivedAt', 'OUTSIDE_CAMPAIGN'],
      ['input.receivedAt', 'IN_FUTURE'],
    ]);
  });
});

describe('validateIntake: notes', () => {
  it.each([['\u0000'], ['\u0007'], ['\u000B'], ['\u000C'], ['\u001B[31m'], ['\u007F'], ['\u0085'], ['\u009F']])(
    'refuses the control character %j inside notes',
    (c) => {
      expect(intakeIssues({ notes: `before ${c} after` })).toEqual([['input.notes', 'CONTROL_CHARACTERS']]);
    },
  );

  it('refuses notes longer than 2000 characters after trimming', () => {
    expect(validateIntake(intake({ notes: ` ${'a'.repeat(MAX_NOTES_LENGTH)} ` }), CTX).notes).toHaveLength(2000);
    expect(intakeIssues({ notes: 'a'.repeat(MAX_NOTES_LENGTH + 1) })).toEqual([['input.notes', 'TOO_LONG']]);
  });

  it('reports both length and control characters', () => {
    expect(intakeIssues({ notes: `\u0001${'a'.repeat(MAX_NOTES_LENGTH)}` })).toEqual([
      ['input.notes', 'TOO_LONG'],
      ['input.notes', 'CONTROL_CHARACTERS'],
    ]);
  });
});

describe('validateIntake: all issues at once', () => {
  it('lists every problem with its path in one error', () => {
    let error: unknown;
    try {
      validateIntake(
        {
          receivedAt: new Date('2019-12-01T12:00:00Z'),
          bags: 0,
          grossKg: '1.2345',
          tareKg: '-1',
          moisturePercent: '12.345',
          notes: 'bad\u0007',
        },
        CTX,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const e = error as InvalidInputError;
    expect(e.issues.map((i) => [i.path, i.code])).toEqual([
      [['input', 'bags'], 'NOT_POSITIVE'],
      [['input', 'grossKg'], 'TOO_MANY_DECIMALS'],
      [['input', 'tareKg'], 'NEGATIVE'],
      [['input', 'moisturePercent'], 'TOO_MANY_DECIMALS'],
      [['input', 'receivedAt'], 'OUTSIDE_CAMPAIGN'],
      [['input', 'receivedAt'], 'IN_FUTURE'],
      [['input', 'notes'], 'CONTROL_CHARACTERS'],
    ]);
    expect(e.message).toBe('input.bags: must be at least 1 bag (and 6 more)');
    expect(e.name).toBe('InvalidInputError');
  });
});

const RECEIVED_AT = '2019-07-01T14:05:00.000Z';
const GCTX = { receivedAt: RECEIVED_AT, now: new Date('2019-07-03T12:00:00Z'), organicCertified: false };

function grading(over: Partial<GradingInput> = {}): GradingInput {
  return {
    gradedAt: new Date('2019-07-02T15:00:00Z'),
    exportableYieldPercent: '78.50',
    category1Defects: 0,
    category2Defects: 7,
    cupScore: '84.25',
    cupProtocol: 'sca',
    organic: false,
    grade: ' AA ',
    ...over,
  };
}

function gradingIssues(over: Partial<GradingInput>, ctx = GCTX): Array<[string, string]> {
  return issuesOf(() => validateGrading(grading(over), ctx)).map((i) => [i.path.join('.'), i.code]);
}

describe('validateGrading', () => {
  it('returns canonical stored values', () => {
    expect(validateGrading(grading({ cupScore: '84.00' }), GCTX)).toEqual({
      gradedAt: '2019-07-02T15:00:00.000Z',
      exportableYieldPct: '78.5',
      category1Defects: 0,
      category2Defects: 7,
      cupScore: '84',
      cupProtocol: 'sca',
      organic: false,
      grade: 'AA',
    });
  });

  it('accepts a grading without cup score nor protocol', () => {
    const v = validateGrading(grading({ cupScore: null, cupProtocol: null, grade: '   ' }), GCTX);
    expect(v.cupScore).toBeNull();
    expect(v.cupProtocol).toBeNull();
    expect(v.grade).toBeNull();
    const w = validateGrading(grading({ cupScore: undefined, cupProtocol: undefined }), GCTX);
    expect([w.cupScore, w.cupProtocol]).toEqual([null, null]);
  });

  it.each([
    ['0', 'NOT_POSITIVE'],
    ['0.00', 'NOT_POSITIVE'],
    ['-0', 'NOT_POSITIVE'],
    ['-1', 'OUT_OF_RANGE'],
    ['100.01', 'OUT_OF_RANGE'],
    ['78.505', 'TOO_MANY_DECIMALS'],
    ['78,5', 'MALFORMED_DECIMAL'],
  ])('refuses exportable yield %j with %s', (exportableYieldPercent, code) => {
    expect(gradingIssues({ exportableYieldPercent })).toEqual([['input.exportableYieldPercent', code]]);
  });

  it('accepts yields 0.01 and 100', () => {
    expect(validateGrading(grading({ exportableYieldPercent: '0.01' }), GCTX).exportableYieldPct).toBe('0.01');
    expect(validateGrading(grading({ exportableYieldPercent: '100' }), GCTX).exportableYieldPct).toBe('100');
  });

  it.each([[-1], [1.5], [Number.NaN]])('refuses %d defects as NEGATIVE', (n) => {
    expect(gradingIssues({ category1Defects: n })).toEqual([['input.category1Defects', 'NEGATIVE']]);
    expect(gradingIssues({ category2Defects: n })).toEqual([['input.category2Defects', 'NEGATIVE']]);
  });

  it('caps defects at 10000', () => {
    expect(validateGrading(grading({ category1Defects: MAX_DEFECTS }), GCTX).category1Defects).toBe(10_000);
    expect(gradingIssues({ category1Defects: MAX_DEFECTS + 1, category2Defects: MAX_DEFECTS + 1 })).toEqual([
      ['input.category1Defects', 'TOO_LARGE'],
      ['input.category2Defects', 'TOO_LARGE'],
    ]);
  });

  it('needs a protocol with a cup score, and a cup score with a protocol', () => {
    expect(gradingIssues({ cupScore: '84', cupProtocol: null })).toEqual([['input.cupProtocol', 'REQUIRED']]);
    expect(gradingIssues({ cupScore: '84', cupProtocol: undefined })).toEqual([['input.cupProtocol', 'REQUIRED']]);
    expect(gradingIssues({ cupScore: null, cupProtocol: 'cqi_q' })).toEqual([['input.cupScore', 'REQUIRED']]);
    expect(validateGrading(grading({ cupScore: '86.5', cupProtocol: 'coe' }), GCTX).cupProtocol).toBe('coe');
  });

  it.each([
    ['100.5', 'OUT_OF_RANGE'],
    ['-1', 'OUT_OF_RANGE'],
    ['84.255', 'TOO_MANY_DECIMALS'],
    ['', 'MALFORMED_DECIMAL'],
    ['8.4e1', 'MALFORMED_DECIMAL'],
  ])('refuses cup score %j with %s', (cupScore, code) => {
    expect(gradingIssues({ cupScore })).toEqual([['input.cupScore', code]]);
  });

  it('speaks of points for an out-of-range cup score', () => {
    const [issue] = issuesOf(() => validateGrading(grading({ cupScore: '101' }), GCTX));
    expect(issue?.message).toBe('must be between 0 and 100 points');
  });

  it('refuses organic without a certificate, accepts it with one', () => {
    expect(gradingIssues({ organic: true })).toEqual([['input.organic', 'NOT_CERTIFIED']]);
    expect(validateGrading(grading({ organic: true }), { ...GCTX, organicCertified: true }).organic).toBe(true);
    expect(validateGrading(grading({ organic: false }), GCTX).organic).toBe(false);
  });

  it('refuses a grade over 40 characters or with control characters', () => {
    expect(validateGrading(grading({ grade: 'x'.repeat(40) }), GCTX).grade).toHaveLength(40);
    expect(gradingIssues({ grade: 'x'.repeat(41) })).toEqual([['input.grade', 'INVALID']]);
    expect(gradingIssues({ grade: 'A\u0000A' })).toEqual([['input.grade', 'INVALID']]);
  });

  it('refuses a grading before the receipt, accepts one at the same instant', () => {
    expect(gradingIssues({ gradedAt: new Date('2019-07-01T14:04:59.999Z') })).toEqual([
      ['input.gradedAt', 'BEFORE_RECEIPT'],
    ]);
    expect(validateGrading(grading({ gradedAt: new Date(RECEIVED_AT) }), GCTX).gradedAt).toBe(RECEIVED_AT);
  });

  it('refuses a grading in the future beyond the skew, and an invalid instant', () => {
    const edge = new Date(GCTX.now.getTime() + CLOCK_SKEW_MS);
    expect(validateGrading(grading({ gradedAt: edge }), GCTX).gradedAt).toBe(edge.toISOString());
    expect(gradingIssues({ gradedAt: new Date(edge.getTime() + 1) })).toEqual([['input.gradedAt', 'IN_FUTURE']]);
    expect(gradingIssues({ gradedAt: new Date(Number.NaN) })).toEqual([['input.gradedAt', 'INVALID_DATETIME']]);
  });

  it('lists all issues at once under the given path', () => {
    const issues = issuesOf(() =>
      validateGrading(
        grading({
          exportableYieldPercent: '0',
          category1Defects: -1,
          category2Defects: 10_001,
          cupScore: '101',
          cupProtocol: null,
          organic: true,
          grade: 'G\u0007',
          gradedAt: new Date('2019-06-01T00:00:00Z'),
        }),
        GCTX,
        ['input', 'gradings', '0'],
      ),
    );
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['input.gradings.0.exportableYieldPercent', 'NOT_POSITIVE'],
      ['input.gradings.0.category1Defects', 'NEGATIVE'],
      ['input.gradings.0.category2Defects', 'TOO_LARGE'],
      ['input.gradings.0.cupScore', 'OUT_OF_RANGE'],
      ['input.gradings.0.cupProtocol', 'REQUIRED'],
      ['input.gradings.0.organic', 'NOT_CERTIFIED'],
      ['input.gradings.0.grade', 'INVALID'],
      ['input.gradings.0.gradedAt', 'BEFORE_RECEIPT'],
    ]);
  });
});

describe('isAboveMoistureLimit', () => {
  it.each([
    ['12.5', '12.5', false],
    ['12.50', '12.5', false],
    ['12.51', '12.5', true],
    ['12.49', '12.5', false],
    ['13', '12.5', true],
    ['0', '0', false],
    ['0.01', '0', true],
    ['9.5', '10', false],
    ['10', '9.5', true],
  ])('%s %% against a limit of %s %% → %s', (m, limit, above) => {
    expect(isAboveMoistureLimit(m, limit)).toBe(above);
  });

  it('throws on a malformed reading', () => {
    expect(() => isAboveMoistureLimit('12,5', '12.5')).toThrow(RangeError);
  });
});

describe('isSpecialty', () => {
  it.each([
    ['80', true],
    ['80.00', true],
    ['80.01', true],
    ['79.99', false],
    ['79.999', false],
    ['100', true],
    ['0', false],
  ])('a cup score of %s is specialty: %s', (score, expected) => {
    expect(isSpecialty(score)).toBe(expected);
  });

  it('a lot never cupped is not specialty', () => {
    expect(isSpecialty(null)).toBe(false);
  });
});

describe('checkPercent', () => {
  it('returns null for a valid percentage and a code otherwise', () => {
    expect(checkPercent('50.25', 2)).toBeNull();
    expect(checkPercent('50.255', 2)).toEqual({ code: 'TOO_MANY_DECIMALS', message: 'has more than 2 decimals' });
    expect(checkPercent('50.2555', 4)).toBeNull();
    expect(checkPercent('100.0001', 4)?.code).toBe('OUT_OF_RANGE');
    expect(checkPercent('1e2', 2)?.code).toBe('MALFORMED_DECIMAL');
  });
});

describe('hasControlCharacters', () => {
  it('flags C0 (except tab/LF/CR), DEL and C1 controls only', () => {
    expect(hasControlCharacters('plain text ñandú ☕')).toBe(false);
    expect(hasControlCharacters('\t\n\r')).toBe(false);
    expect(hasControlCharacters('\u00A0')).toBe(false); // no-break space is printable
    for (let c = 0; c <= 0x9f; c++) {
      const expected = (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c >= 0x7f;
      expect(hasControlCharacters(`a${String.fromCharCode(c)}b`), `U+${c.toString(16)}`).toBe(expected);
    }
  });
});
