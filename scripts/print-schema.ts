/** `npm run schema:print`: writes schema/schema.graphql from the code (a test checks it is current). */
import { writeFileSync } from 'node:fs';
import { printedSchema } from '../schema/index.js';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), printedSchema());
console.log('wrote schema/schema.graphql');
