/** The README's typed client example runs against a real server and answers the manager's campaign. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { summary } from '../../scripts/client-example.js';
import { type TestServer, startServer } from '../support/server.js';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

it('the typed client example reads the manager’s campaign summary', async () => {
  const line = await summary(s.url, s.tokens.cooperative_manager!);
  expect(line).toMatch(/^.+: \d+ lots, [\d.]+ kg \([\d.]+ qq\), cup /);
  await expect(summary(s.url, 'cct_not-a-token')).rejects.toThrow();
});
