/**
 * The audit trail for auditors: verifying the chain and reading its entries
 * (docs/audit.md). Auditors only: the trail names who did what.
 */
import { sql } from 'drizzle-orm';
import { ForbiddenError, InvalidInputError } from '../server/domain/errors.js';
import { type AuditReport, verifyAudit } from '../server/services/audit.js';
import { type Context, builder } from './builder.js';
import { principalOf } from './helpers.js';

function mustAudit(ctx: Context): void {
  if (principalOf(ctx).role !== 'auditor') throw new ForbiddenError('the audit trail is for auditors');
}

const AuditBreakRef = builder.objectRef<NonNullable<AuditReport['firstBreak']>>('AuditChainBreak').implement({
  fields: (t) => ({
    seq: t.int({ description: 'The first entry whose link or hash fails.', resolve: (b) => b.seq }),
    kind: t.string({
      description: '`edited` (its hash does not match) or `link` (it does not follow the entry before).',
      resolve: (b) => b.kind,
    }),
    reason: t.string({ resolve: (b) => b.reason }),
  }),
});

const AuditVerificationRef = builder.objectRef<AuditReport>('AuditVerification').implement({
  description: 'The audit chain walked, and every ledger entry and lot checked against the digest the trail recorded.',
  fields: (t) => ({
    ok: t.boolean({ resolve: (r) => r.ok }),
    entries: t.int({ resolve: (r) => r.entries }),
    head: t.string({
      nullable: true,
      description:
        'The last entry\u2019s hash: record it elsewhere, and pass it as `expectHead` later to detect a cut-off tail.',
      resolve: (r) => r.head,
    }),
    journalEntriesChecked: t.int({ resolve: (r) => r.journalEntriesChecked }),
    lotsChecked: t.int({ resolve: (r) => r.lotsChecked }),
    firstBreak: t.field({ type: AuditBreakRef, nullable: true, resolve: (r) => r.firstBreak }),
    problems: t.stringList({ description: 'Everything found, first first (at most 50).', resolve: (r) => r.problems }),
  }),
});

interface AuditRow {
  seq: number;
  occurredAt: string;
  userName: string;
  role: string;
  operation: string;
  inputDigest: string;
  resultType: string;
  resultId: number;
  wrote: string;
  outcome: string;
  prevHash: string;
  hash: string;
}

const AuditEntryRef = builder.objectRef<AuditRow>('AuditEntry').implement({
  description:
    'One applied mutation: who, when, what, a digest of its input, what it wrote, and its place in the chain.',
  fields: (t) => ({
    seq: t.int({ resolve: (e) => e.seq }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    user: t.string({ resolve: (e) => e.userName }),
    role: t.string({ resolve: (e) => e.role }),
    operation: t.string({ resolve: (e) => e.operation }),
    inputDigest: t.string({ resolve: (e) => e.inputDigest }),
    result: t.string({
      description: '`<type>:<id>` of what it returned.',
      resolve: (e) => `${e.resultType}:${e.resultId}`,
    }),
    wrote: t.string({
      description: 'JSON: the ledger entries and lots it wrote, each with the digest of its content.',
      resolve: (e) => e.wrote,
    }),
    outcome: t.string({ resolve: (e) => e.outcome }),
    prevHash: t.string({ resolve: (e) => e.prevHash }),
    hash: t.string({ resolve: (e) => e.hash }),
  }),
});

builder.queryFields((t) => ({
  auditVerification: t.withAuth({ authenticated: true }).field({
    type: AuditVerificationRef,
    description: 'Walks the audit chain and checks every ledger entry and lot against it (auditors).',
    args: {
      expectHead: t.arg.string({ description: 'A head recorded earlier: reports if it is no longer in the chain.' }),
    },
    resolve: (_r, args, ctx) => {
      mustAudit(ctx);
      return verifyAudit(ctx.db, { expectHead: args.expectHead ?? undefined });
    },
  }),
  auditEntries: t.withAuth({ authenticated: true }).field({
    type: [AuditEntryRef],
    description: 'Audit entries, newest first: `last` of them (default 20, at most 500) before `beforeSeq` (auditors).',
    args: { last: t.arg.int(), beforeSeq: t.arg.int() },
    resolve: (_r, args, ctx) => {
      mustAudit(ctx);
      const last = args.last ?? 20;
      if (!Number.isInteger(last) || last < 1 || last > 500)
        throw InvalidInputError.single(['last'], 'OUT_OF_RANGE', 'must be 1 to 500');
      return ctx.db.all<AuditRow>(sql`
        select a.seq, a.occurred_at as occurredAt, coalesce(u.name, 'system') as userName, a.role, a.operation, a.input_digest as inputDigest,
          a.result_type as resultType, a.result_id as resultId, a.wrote, a.outcome, a.prev_hash as prevHash, a.hash
        from audit_log a left join users u on u.id = a.user_id
        where ${args.beforeSeq == null ? sql`1` : sql`a.seq < ${args.beforeSeq}`}
        order by a.seq desc limit ${last}`);
    },
  }),
}));
