/** Headless Debian Chromium through playwright-core: a fresh profile per test file, Lima's time zone. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';

export const ARTIFACTS = resolve(import.meta.dirname, '..', '..', '..', 'test-artifacts', 'screens');

export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = chromiumPath();
  // A missing browser fails the run: it is never a reason to skip (the pretest step installs it).
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath}; run npm test (its pretest installs it)`);
  const profile = mkdtempSync(join(tmpdir(), 'coop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timezoneId: 'America/Lima',
    locale: 'es-PE',
    viewport: { width: 1024, height: 768 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function signIn(page: Page, origin: string, token: string) {
  await page.goto(`${origin}/`);
  await page.getByLabel(/Token de acceso|Access token/).fill(token);
  await page.getByRole('button', { name: /^(Ingresar|Sign in)$/ }).click();
  await page.locator('header nav').waitFor();
}

const axeSource = readFileSync(
  resolve(import.meta.dirname, '..', '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

/**
 * Checks the screen as it stands: no serious or critical accessibility violation (axe-core), no translation key
 * missing, no text of the other language, and a screenshot at tablet and phone size.
 */
export async function checkScreen(page: Page, name: string, otherLanguage: string[]) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected as a global
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: { id: string; nodes: { target: string[] }[] }) =>
          `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
  });
  expect(violations, `${name}: accessibility`).toEqual([]);
  const missing = await page.evaluate(() => (window as unknown as { __missingKeys: string[] }).__missingKeys);
  expect(missing, `${name}: translation keys missing`).toEqual([]);
  const text = await page.locator('body').innerText();
  const foreign = otherLanguage.filter((s) => text.includes(s));
  expect(foreign, `${name}: untranslated strings`).toEqual([]);
  mkdirSync(ARTIFACTS, { recursive: true });
  const size = page.viewportSize()!;
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1024x768.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-390x844.png`), fullPage: true });
  await page.setViewportSize(size);
}

/** The catalogue strings that only one language has (long enough to be words, not codes), to catch leaks. */
export function distinctStrings(): { es: string[]; en: string[] } {
  const load = (l: string) =>
    JSON.parse(
      readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'web', 'src', 'locales', `${l}.json`), 'utf8'),
    );
  const flat = (o: Record<string, unknown>, out: string[] = []): string[] => {
    for (const v of Object.values(o)) {
      if (typeof v === 'string') out.push(v.replace(/\{\{.*?\}\}/g, '').trim());
      else flat(v as Record<string, unknown>, out);
    }
    return out;
  };
  const es = flat(load('es')).filter((s) => s.length >= 8);
  const en = flat(load('en')).filter((s) => s.length >= 8);
  return { es: es.filter((s) => !en.includes(s)), en: en.filter((s) => !es.includes(s)) };
}
