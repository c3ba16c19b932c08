/** The committed schema/schema.graphql must match the code; run `npm run schema:print` after a change. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../schema/index.js';

describe('schema.graphql', () => {
  it('is in step with the code', () => {
    const committed = readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(printedSchema()).toBe(committed);
  });
});
