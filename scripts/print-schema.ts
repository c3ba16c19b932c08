/** `npm run schema:print`: writes schema/schema.graphql from the code (a test checks it is current). */
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../schema/index.js';
import { command } from './lib/cli.js';

command({
  name: 'schema:print',
  usage: `
npm run schema:print

Writes schema/schema.graphql from the code (tests/api/schema-drift.test.ts fails while it is stale).`,
  options: {},
});

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), printedSchema());
console.log('wrote schema/schema.graphql');
