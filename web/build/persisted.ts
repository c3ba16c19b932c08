/**
 * Persisted operations, registered at build time: each operation of src/ops.ts is printed once, hashed, and
 * written to dist/persisted-operations.json ({ sha256: query }). The app is given the operation name → hash map
 * (`__PERSISTED__`) and sends `extensions.persistedQuery.sha256Hash` instead of the query text.
 */
import { createHash } from 'node:crypto';
import { print } from '@0no-co/graphql.web';
import type { Plugin } from 'vite';
import * as ops from '../src/ops.ts';

export interface Registry {
  byName: Record<string, string>;
  byHash: Record<string, string>;
}

export function operationRegistry(): Registry {
  const byName: Record<string, string> = {};
  const byHash: Record<string, string> = {};
  for (const [exported, doc] of Object.entries(ops)) {
    const op = doc.definitions.find((d) => d.kind === 'OperationDefinition');
    const name = op && 'name' in op ? op.name?.value : undefined;
    if (!name) throw new Error(`src/ops.ts: ${exported} has no operation name`);
    if (byName[name]) throw new Error(`src/ops.ts: two operations are named ${name}`);
    const text = print(doc);
    const hash = createHash('sha256').update(text).digest('hex');
    byName[name] = hash;
    byHash[hash] = text;
  }
  return { byName, byHash };
}

export function persistedOperations(): Plugin {
  const registry = operationRegistry();
  return {
    name: 'persisted-operations',
    config: () => ({ define: { __PERSISTED__: JSON.stringify(registry.byName) } }),
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'persisted-operations.json',
        source: `${JSON.stringify(registry.byHash, null, 2)}\n`,
      });
    },
  };
}
