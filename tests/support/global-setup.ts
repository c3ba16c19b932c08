/** Once per `vitest run`: a directory for the seeded template databases (tests/support/templates.ts), removed at the end. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'coop-templates-'));
  project.provide('templateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
