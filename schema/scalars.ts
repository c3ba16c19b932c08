/**
 * Scalars. Decimal is ours: a decimal number as a JSON string ("12.5"), never
 * a JSON number, so no value passes through a float on the way in or out.
 * Date and DateTime come from graphql-scalars (strict calendar validation:
 * 2019-02-30 is refused; a DateTime needs an explicit offset).
 */
import { GraphQLDateTime, GraphQLLocalDate, GraphQLSafeInt } from 'graphql-scalars';
import { GraphQLError, Kind } from 'graphql';
import { decimalSyntaxError } from '../server/domain/decimal.js';
import { builder } from './builder.js';

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string') {
    throw new GraphQLError(
      `Decimal must be a JSON string such as "12.5", not a ${value === null ? 'null' : typeof value}: numbers would pass through a float`,
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
  }
  const why = decimalSyntaxError(value);
  if (why) {
    throw new GraphQLError(`Decimal "${value.slice(0, 40)}" ${why}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

builder.scalarType('Decimal', {
  description:
    'An exact decimal number written as a string, e.g. "1234.5". Plain notation only: no exponent, no thousands separator.',
  serialize: (v) => String(v),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    // `nodes` gives the error its location in the query, so the client sees which field.
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Decimal must be written as a string literal, e.g. "12.5"', {
        nodes: ast,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    try {
      return parseDecimal(ast.value);
    } catch (e) {
      throw e instanceof GraphQLError ? new GraphQLError(e.message, { nodes: ast, extensions: e.extensions }) : e;
    }
  },
});

builder.addScalarType('Date', GraphQLLocalDate, {
  description: 'A calendar date, YYYY-MM-DD (in the consortium\u2019s time zone where it matters).',
});
builder.addScalarType('DateTime', GraphQLDateTime, {});
builder.addScalarType('SafeInt', GraphQLSafeInt, {});
