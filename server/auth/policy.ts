/**
 * Who may see and do what: the one place for access rules. The GraphQL
 * layer turns these into SQL filters (lists) and object checks (node(id:)
 * and nested fields); services call the `assert*` functions before writing.
 * The full matrix is in docs/access.md.
 */
import { ForbiddenError } from '../domain/errors.js';

export const ROLES = ['admin', 'cooperative_manager', 'plant_staff', 'lender', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: number;
  name: string;
  role: Role;
  cooperativeId: number | null;
  plantId: number | null;
  lenderId: number | null;
  /** The API token the request came with (absent for scripts acting as a user). */
  tokenId?: number;
}

/** A row filter: everything, nothing, or rows whose column equals a value. */
export type Scope = { all: true } | { none: true } | { column: 'cooperativeId' | 'plantId'; value: number };
const ALL: Scope = { all: true };
const NONE: Scope = { none: true };

/** Cooperatives a principal may read: their profiles are consortium-wide, except for managers. */
export function cooperativeScope(p: Principal): Scope {
  if (p.role === 'cooperative_manager') return { column: 'cooperativeId', value: p.cooperativeId! };
  return ALL;
}

/** Farmers: plant staff look any farmer up to record an intake; lenders see none. */
export function farmerScope(p: Principal): Scope {
  switch (p.role) {
    case 'admin':
    case 'auditor':
    case 'plant_staff':
      return ALL;
    case 'cooperative_manager':
      return { column: 'cooperativeId', value: p.cooperativeId! };
    case 'lender':
      return NONE;
  }
}

/** Lots: a manager sees their cooperative's, plant staff their plant's. */
export function lotScope(p: Principal): Scope {
  switch (p.role) {
    case 'admin':
    case 'auditor':
      return ALL;
    case 'cooperative_manager':
      return { column: 'cooperativeId', value: p.cooperativeId! };
    case 'plant_staff':
      return { column: 'plantId', value: p.plantId! };
    case 'lender':
      return NONE;
  }
}

export function inScope(scope: Scope, row: { cooperativeId?: number; plantId?: number }): boolean {
  if ('all' in scope) return true;
  if ('none' in scope) return false;
  return row[scope.column] === scope.value;
}

export function canSeeCooperative(p: Principal, coop: { id: number }): boolean {
  return inScope(cooperativeScope(p), { cooperativeId: coop.id });
}
export function canSeeFarmer(p: Principal, farmer: { cooperativeId: number }): boolean {
  return inScope(farmerScope(p), farmer);
}
export function canSeeLot(p: Principal, lot: { cooperativeId: number; plantId: number }): boolean {
  return inScope(lotScope(p), lot);
}

/** Recording and grading lots: plant staff at their own plant, or an admin. */
export function assertCanHandleLotsAt(p: Principal, plantId: number): void {
  if (p.role === 'admin') return;
  if (p.role === 'plant_staff' && p.plantId === plantId) return;
  if (p.role === 'plant_staff') throw new ForbiddenError('plant staff can only handle lots at their own plant');
  throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot record or grade lots`);
}

/** Recording processing runs: plant staff at their own plant, or an admin. */
export function assertCanRunPlant(p: Principal, plantId: number): void {
  if (p.role === 'admin') return;
  if (p.role === 'plant_staff' && p.plantId === plantId) return;
  if (p.role === 'plant_staff') throw new ForbiddenError('plant staff can only record runs at their own plant');
  throw new ForbiddenError(`a ${p.role.replace('_', ' ')} cannot record processing runs`);
}

/**
 * Processing runs and stock batches: admins and auditors see all, plant
 * staff their plant's; a manager sees the batches holding their cooperative's
 * coffee (and only their own shares of them); lenders see none.
 */
export type StockScope =
  | { all: true }
  | { none: true }
  | { column: 'plantId'; value: number }
  | { column: 'cooperativeId'; value: number };

export function stockScope(p: Principal): StockScope {
  switch (p.role) {
    case 'admin':
    case 'auditor':
      return { all: true };
    case 'plant_staff':
      return { column: 'plantId', value: p.plantId! };
    case 'cooperative_manager':
      return { column: 'cooperativeId', value: p.cooperativeId! };
    case 'lender':
      return { none: true };
  }
}
