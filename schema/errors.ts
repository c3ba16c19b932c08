/**
 * Typed errors, exposed as data. Every error type implements `Error`, so a
 * client can always ask `... on Error { message }` and add detail for the
 * errors it cares about. Only these classes are caught: anything else thrown
 * stays an (masked) internal error, never a leaked stack.
 */
import {
  ConflictError,
  ForbiddenError,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
} from '../server/domain/errors.js';
import { CONFLICT_CODES, ISSUE_CODES } from '../server/domain/codes.js';
import { builder } from './builder.js';

/**
 * The codes as enums, so a client discovers every one from the schema. Two
 * shared enums, not one per mutation (server/domain/codes.ts says why);
 * docs/errors.md lists the mutations that can answer with each.
 */
const codeValues = (codes: Record<string, string>) =>
  Object.fromEntries(Object.entries(codes).map(([code, description]) => [code, { value: code, description }]));

export const InputIssueCodeEnum = builder.enumType('InputIssueCode', {
  description: 'Why an input field is refused. Meanings and the mutations that answer each: docs/errors.md.',
  values: codeValues(ISSUE_CODES) as { [K in keyof typeof ISSUE_CODES]: { value: K; description: string } },
});

export const ConflictCodeEnum = builder.enumType('ConflictCode', {
  description: 'Why a request conflicts with the current state. Meanings and mutations: docs/errors.md.',
  values: codeValues(CONFLICT_CODES) as { [K in keyof typeof CONFLICT_CODES]: { value: K; description: string } },
});

export const ErrorInterface = builder.interfaceRef<Error>('Error').implement({
  description: 'Something the request asked for could not be done; nothing was written.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const InputIssueRef = builder.objectRef<InputIssue>('InputIssue').implement({
  description: 'One problem with one input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field in the input, e.g. ["input", "grossKg"].' }),
    code: t.expose('code', {
      type: InputIssueCodeEnum,
      description: 'Machine-readable reason, e.g. TOO_MANY_DECIMALS.',
    }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(InvalidInputError, {
  name: 'InvalidInputError',
  description: 'The input is malformed or breaks a rule. Lists every problem found.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({ type: [InputIssueRef], resolve: (e) => e.issues }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An ID names nothing the caller can see.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    path: t.exposeStringList('path'),
    id: t.exposeString('id'),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: "The caller's role does not allow this action.",
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description:
    'The request conflicts with the current state, e.g. an idempotency key reused with other input (IDEMPOTENCY_KEY_REUSED) or a lot already rejected.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ code: t.expose('code', { type: ConflictCodeEnum }) }),
});

/** The errors every recording mutation can answer with. */
export const MUTATION_ERRORS = [InvalidInputError, NotFoundError, ForbiddenError, ConflictError];
