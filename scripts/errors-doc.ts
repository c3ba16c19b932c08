/** `npm run docs:errors`: writes docs/errors.md from the code (tests/docs/errors-doc.test.ts checks it is current). */
import { writeFileSync } from 'node:fs';
import { codeReach, errorsDoc, unreachedCodes } from './lib/errors-doc.js';

const reach = codeReach();
writeFileSync(new URL('../docs/errors.md', import.meta.url), errorsDoc(reach));
const dead = unreachedCodes(reach);
if (dead.length) console.warn(`codes no operation answers with: ${dead.join(', ')}`);
console.log('wrote docs/errors.md');
