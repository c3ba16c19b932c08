/**
 * The typed errors a mutation can answer with. They are data, not crashes:
 * GraphQL exposes each class as an object type in the mutation's result union
 * (schema/errors.ts). Anything else thrown is an internal error and is masked.
 */
import type { ConflictCode, IssueCode } from './codes.js';

export type { ConflictCode, IssueCode } from './codes.js';

export interface InputIssue {
  /** Path of the offending input field, e.g. ["input", "grossKg"]. */
  path: string[];
  /** Machine-readable reason, e.g. "TOO_MANY_DECIMALS" (server/domain/codes.ts lists them all). */
  code: IssueCode;
  message: string;
}

export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or breaks a rule; nothing was written. */
export class InvalidInputError extends DomainError {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    const first = issues[0];
    super(
      first
        ? `${first.path.join('.')}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
        : 'invalid input',
    );
    this.issues = issues;
  }
  static single(path: string[], code: IssueCode, message: string): InvalidInputError {
    return new InvalidInputError([{ path, code, message }]);
  }
}

/** An ID that names nothing (or nothing the caller may see: no existence leak). */
export class NotFoundError extends DomainError {
  readonly path: string[];
  readonly id: string;
  constructor(path: string[], id: string, what: string) {
    super(`${what} ${id} not found`);
    this.path = path;
    this.id = id;
  }
}

/** The caller's role does not allow this action on this object. */
export class ForbiddenError extends DomainError {}

/** The request conflicts with the current state (or with an earlier request). */
export class ConflictError extends DomainError {
  readonly code: ConflictCode;
  constructor(code: ConflictCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Collects issues while validating, then throws them all at once. */
export class IssueList {
  readonly issues: InputIssue[] = [];
  add(path: string[], code: IssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }
  get empty(): boolean {
    return this.issues.length === 0;
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw new InvalidInputError(this.issues);
  }
}
