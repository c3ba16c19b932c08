/** Assembles the GraphQL schema from the type files. */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './common.js';
import './organizations.js';
import './cooperative.js';
import './lot.js';
import './summary.js';
import './viewer.js';
import './lot-mutations.js';
import './plant.js';
import './plant-mutations.js';
import './subscriptions.js';
import './ledger.js';
import './sales.js';
import './settlement.js';
import './money-summaries.js';
import './farmer-payouts.js';
import './loans.js';
import './audit.js';
import './master-data.js';
import './eudr.js';

builder.queryType({});

export const schema = builder.toSchema();

/** The schema as SDL, sorted so that the committed file diffs cleanly. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
