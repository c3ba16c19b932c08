/**
 * List filters as SQL conditions over a table (or the alias drizzle's
 * relational queries give it), so one function serves both the page query
 * and its `totalCount`. Access scopes (server/auth/policy.ts) are applied
 * here too: a list never returns, or counts, a row its reader may not see.
 */
import { type SQL, type SQLWrapper, and, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import {
  batchShares,
  batchTakes,
  cooperativeCertifications,
  type cooperatives,
  farmerCertifications,
  type farmers,
  lotGradings,
  type lots,
  type processingRuns,
  runInputs,
  type stockBatches,
} from '../../db/schema.js';
import type { Scope, StockScope } from '../auth/policy.js';

type Cols<T> = { [K in keyof T]: T[K] };

/** `exists (subquery)`; drizzle's `exists()` does not parenthesise raw SQL. */
function existsIn(subquery: SQL): SQL {
  return sql`exists (${subquery})`;
}

export function scopeCondition(
  scope: Scope,
  column: { cooperativeId?: unknown; plantId?: unknown; id?: unknown },
  own?: 'id',
): SQL | undefined {
  if ('all' in scope) return undefined;
  if ('none' in scope) return sql`0`;
  const col = own === 'id' ? column.id : column[scope.column];
  return eq(col as never, scope.value);
}

export type CertificationScheme = (typeof cooperativeCertifications.scheme.enumValues)[number];

export interface CooperativeFilter {
  membership?: 'shareholder' | 'affiliated' | null;
  region?: string | null;
  certification?: CertificationScheme | null;
  certifiedOn: string;
  search?: string | null;
}

/** `%text%` for LIKE, with LIKE's own wildcards escaped. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function cooperativeConditions(
  t: Cols<typeof cooperatives>,
  scope: Scope,
  f: CooperativeFilter,
): SQL | undefined {
  return and(
    scopeCondition(scope, t, 'id'),
    f.membership ? eq(t.membership, f.membership) : undefined,
    f.region ? eq(t.region, f.region) : undefined,
    f.search ? or(sql`${t.name} like ${contains(f.search)} escape '\\'`, eq(t.code, f.search)) : undefined,
    f.certification
      ? existsIn(
          sql`select 1 from ${cooperativeCertifications} where ${cooperativeCertifications.cooperativeId} = ${t.id}
            and ${cooperativeCertifications.scheme} = ${f.certification}
            and ${cooperativeCertifications.validFrom} <= ${f.certifiedOn}
            and ${cooperativeCertifications.validTo} >= ${f.certifiedOn}
            and (${cooperativeCertifications.revokedOn} is null or ${cooperativeCertifications.revokedOn} > ${f.certifiedOn})`,
        )
      : undefined,
  );
}

export interface FarmerFilter {
  cooperativeId?: number | null;
  gender?: 'female' | 'male' | 'other' | null;
  certification?: CertificationScheme | null;
  certifiedOn: string;
  search?: string | null;
}

export function farmerConditions(t: Cols<typeof farmers>, scope: Scope, f: FarmerFilter): SQL | undefined {
  return and(
    scopeCondition(scope, t),
    f.cooperativeId != null ? eq(t.cooperativeId, f.cooperativeId) : undefined,
    f.gender ? eq(t.gender, f.gender) : undefined,
    f.search ? or(sql`${t.fullName} like ${contains(f.search)} escape '\\'`, eq(t.nationalId, f.search)) : undefined,
    f.certification
      ? existsIn(
          sql`select 1 from ${farmerCertifications} where ${farmerCertifications.farmerId} = ${t.id}
            and ${farmerCertifications.scheme} = ${f.certification}
            and ${farmerCertifications.validFrom} <= ${f.certifiedOn}
            and ${farmerCertifications.validTo} >= ${f.certifiedOn}
            and (${farmerCertifications.revokedOn} is null or ${farmerCertifications.revokedOn} > ${f.certifiedOn})`,
        )
      : undefined,
  );
}

export interface LotFilter {
  campaignId?: number | null;
  cooperativeId?: number | null;
  farmerId?: number | null;
  plantId?: number | null;
  status?: readonly ('received' | 'graded' | 'rejected')[] | null;
  productForm?: 'dried_parchment' | 'green' | 'cherry' | null;
  /** Inclusive local dates of receipt. */
  receivedFrom?: string | null;
  receivedTo?: string | null;
  /** Lots whose farmer held this certification on the day of delivery. */
  certification?: CertificationScheme | null;
  /** Lots whose grading in force says organic (true) or conventional (false). */
  organic?: boolean | null;
}

export function lotConditions(t: Cols<typeof lots>, scope: Scope, f: LotFilter): SQL | undefined {
  return and(
    scopeCondition(scope, t),
    f.campaignId != null ? eq(t.campaignId, f.campaignId) : undefined,
    f.cooperativeId != null ? eq(t.cooperativeId, f.cooperativeId) : undefined,
    f.farmerId != null ? eq(t.farmerId, f.farmerId) : undefined,
    f.plantId != null ? eq(t.plantId, f.plantId) : undefined,
    f.status && f.status.length > 0 ? inArray(t.status, [...f.status]) : undefined,
    f.productForm ? eq(t.productForm, f.productForm) : undefined,
    f.receivedFrom ? gte(t.receivedOn, f.receivedFrom) : undefined,
    f.receivedTo ? lte(t.receivedOn, f.receivedTo) : undefined,
    f.certification
      ? existsIn(
          sql`select 1 from ${farmerCertifications} where ${farmerCertifications.farmerId} = ${t.farmerId}
            and ${farmerCertifications.scheme} = ${f.certification}
            and ${farmerCertifications.validFrom} <= ${t.receivedOn}
            and ${farmerCertifications.validTo} >= ${t.receivedOn}`,
        )
      : undefined,
    f.organic != null
      ? existsIn(
          sql`select 1 from ${lotGradings} where ${lotGradings.id} = ${t.currentGradingId}
            and ${lotGradings.organic} = ${f.organic ? 1 : 0}`,
        )
      : undefined,
  );
}

/** A stock scope as SQL: everything, nothing, a plant's rows, or rows holding a cooperative's coffee. */
function stockScopeCondition(
  scope: StockScope,
  plantCol: SQLWrapper,
  holdsCoffeeOf: (coop: number) => SQL,
): SQL | undefined {
  if ('all' in scope) return undefined;
  if ('none' in scope) return sql`0`;
  return scope.column === 'plantId' ? eq(plantCol as never, scope.value) : holdsCoffeeOf(scope.value);
}

export interface RunFilter {
  plantId?: number | null;
  kind?: 'hulling' | 'roasting' | 'packing' | null;
  finishedFrom?: string | null;
  finishedTo?: string | null;
  flagged?: boolean | null;
}

/** Runs a principal may see: a manager those that took their cooperative's coffee. */
export function runConditions(t: Cols<typeof processingRuns>, scope: StockScope, f: RunFilter): SQL | undefined {
  return and(
    stockScopeCondition(scope, t.plantId, (coop) =>
      existsIn(
        sql`select 1 from ${runInputs} where ${runInputs.runId} = ${t.id} and ${runInputs.cooperativeId} = ${coop}`,
      ),
    ),
    f.plantId != null ? eq(t.plantId, f.plantId) : undefined,
    f.kind ? eq(t.kind, f.kind) : undefined,
    f.finishedFrom ? gte(t.finishedOn, f.finishedFrom) : undefined,
    f.finishedTo ? lte(t.finishedOn, f.finishedTo) : undefined,
    f.flagged != null ? eq(t.flagged, f.flagged) : undefined,
  );
}

export interface BatchFilter {
  plantId?: number | null;
  form?: 'green' | 'roasted' | 'packed' | null;
  grade?: 'export' | 'second' | 'pasilla' | null;
  cooperativeId?: number | null;
  /** Only batches with coffee left. */
  inStock?: boolean | null;
}

/** Batches a principal may see: a manager those holding their cooperative's coffee. */
export function batchConditions(t: Cols<typeof stockBatches>, scope: StockScope, f: BatchFilter): SQL | undefined {
  const holds = (coop: number) =>
    existsIn(
      sql`select 1 from ${batchShares} where ${batchShares.batchId} = ${t.id} and ${batchShares.cooperativeId} = ${coop}`,
    );
  return and(
    stockScopeCondition(scope, t.plantId, holds),
    f.plantId != null ? eq(t.plantId, f.plantId) : undefined,
    f.form ? eq(t.form, f.form) : undefined,
    f.grade ? eq(t.grade, f.grade) : undefined,
    // A manager filtering on another cooperative gets nothing: "batches holding both" would tell them who shares theirs.
    f.cooperativeId != null
      ? 'column' in scope && scope.column === 'cooperativeId' && scope.value !== f.cooperativeId
        ? sql`0`
        : holds(f.cooperativeId)
      : undefined,
    f.inStock === true
      ? sql`${t.quantityG} > coalesce((select sum(${batchTakes.grams}) from ${batchTakes} where ${batchTakes.batchId} = ${t.id}), 0)`
      : f.inStock === false
        ? sql`${t.quantityG} = coalesce((select sum(${batchTakes.grams}) from ${batchTakes} where ${batchTakes.batchId} = ${t.id}), 0)`
        : undefined,
  );
}
