/**
 * The business date (BUSINESS_DATE): reports that take `asOf` default to it
 * instead of today, an explicit `asOf` still wins, and a date that is not a
 * calendar date is refused when the configuration is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  // The test clock says 2020-01-15; the business date says the campaign is being reviewed at the end of March.
  s = await startServer({ farmers: 30, loans: true, businessDate: '2020-03-31' });
});
afterAll(() => s.close());

describe('BUSINESS_DATE', () => {
  it('is the default asOf of the loan book, and an explicit asOf wins', async () => {
    const r = await s.gql('lender', '{ a: loanPortfolio { asOf } b: loanPortfolio(asOf: "2020-01-15") { asOf } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: { asOf: '2020-03-31' }, b: { asOf: '2020-01-15' } });
  });

  it('moves interest and aging with it: more days late at the end of March than in mid-January', async () => {
    const r = await s.gql(
      'lender',
      '{ campaignLoans(first: 5) { nodes { code late: position { daysPastDue } early: position(asOf: "2020-01-15") { daysPastDue } } } }',
    );
    const cha = r.data.campaignLoans.nodes.find((n: any) => n.code === 'BAF-CHA-2019');
    expect(cha.early.daysPastDue).toBe(15);
    expect(cha.late.daysPastDue).toBe(91);
  });

  it('is read from the environment, and refused when it is not a calendar date', () => {
    expect(loadConfig({ BUSINESS_DATE: '2020-03-31' }).businessDate).toBe('2020-03-31');
    expect(loadConfig({}).businessDate).toBeNull();
    expect(() => loadConfig({ BUSINESS_DATE: '2019-02-29' })).toThrow(/BUSINESS_DATE must be a calendar date/);
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '0' }).ratePerMinute).toBe(0);
  });
});
