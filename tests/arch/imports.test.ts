/**
 * The import rules of .dependency-cruiser.cjs hold over the whole tree: no
 * import circle anywhere (type-only imports included), a pure domain, reads
 * that never write, services that do not know GraphQL (docs/architecture.md).
 */
import { createRequire } from 'node:module';
import { cruise } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('../../.dependency-cruiser.cjs');

describe('imports', () => {
  it('break none of the rules of .dependency-cruiser.cjs', async () => {
    const result = await cruise(['server', 'schema', 'db', 'scripts', 'tests'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
      outputType: 'json',
    });
    const output = typeof result.output === 'string' ? JSON.parse(result.output) : result.output;
    const violations = (
      output.summary.violations as { rule: { name: string }; from: string; to: string; cycle?: unknown[] }[]
    ).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (circle: ${JSON.stringify(v.cycle)})` : ''}`);
    expect(violations).toEqual([]);
    // The rules were applied to the real tree, not to nothing.
    expect(output.summary.totalCruised).toBeGreaterThan(100);
    // Parsing ~180 modules takes seconds alone, and much longer on a shared 2-core machine.
  }, 180_000);
});
