/**
 * The manager's, lender's and auditor's screens in a real browser: what each sees, what each cannot reach by
 * typing a URL, and every screen checked for accessibility and translation and photographed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, distinctStrings, launch, signIn } from './support/browser.js';
import { type WebServer, startWebServer } from './support/web-server.js';

let server: WebServer;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;
const farmerId = (id: number) => Buffer.from(`Farmer:${id}`).toString('base64');

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launch()]);
  page = await browser.context.newPage();
  // After the 2019 campaign, when its sales have settled.
  await page.clock.setFixedTime(new Date('2020-01-15T10:00:00-05:00'));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Cerrar sesión' }).click();
  await page.getByRole('heading', { name: 'Ingresar' }).waitFor();
}

const farmerOf = (coop: string) =>
  server.db.$client
    .prepare(
      'select f.id, f.full_name as name from farmers f join cooperatives c on c.id = f.cooperative_id where c.code = ? order by f.id limit 1',
    )
    .get(coop) as { id: number; name: string };

describe('cooperative manager', () => {
  it('sees the campaign, its farmers and their statements, the settlement list — and not another cooperative’s farmer', async () => {
    await signIn(page, server.origin, server.tokens.cooperative_manager!);
    await page.getByRole('heading', { name: 'Campaña de la cooperativa' }).waitFor();
    await page.locator('.card').first().waitFor();
    expect(await page.locator('main').innerText()).toMatch(
      /Cooperativa Agraria Cafetalera Pangoa[\s\S]*Entregado[\s\S]*kg \([\d.,]+ qq\)/,
    );
    await checkScreen(page, 'dashboard', distinctStrings().en);

    await page.getByRole('link', { name: 'Productores' }).click();
    await page.getByRole('table').waitFor();
    const own = farmerOf('CAC-PAN');
    await page.getByLabel('Buscar por nombre o DNI').fill(own.name);
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByRole('link', { name: own.name }).click();
    await page.getByRole('heading', { name: `Estado de cuenta de ${own.name}` }).waitFor();
    await checkScreen(page, 'farmer-statement', distinctStrings().en);

    // Another cooperative's farmer, by URL: answered as not found, like a farmer that does not exist.
    await page.goto(`${server.origin}/farmers/${encodeURIComponent(farmerId(farmerOf('CAC-SAT').id))}`);
    await page.getByRole('heading', { name: 'Productor no encontrado' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain(farmerOf('CAC-SAT').name);
    await page.goto(`${server.origin}/farmers/${encodeURIComponent(farmerId(999_999))}`);
    await page.getByRole('heading', { name: 'Productor no encontrado' }).waitFor();

    await page.goto(`${server.origin}/settlements`);
    await page.getByRole('button', { name: 'Mostrar' }).click();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(0);
    await checkScreen(page, 'settlements', distinctStrings().en);
    await signOut(page);
  });
});

describe('lender', () => {
  it('sees only its own loans in the portfolio, with aging and the repayments traced to the sale and lots', async () => {
    await signIn(page, server.origin, server.tokens.lender!);
    await page.getByRole('heading', { name: 'Cartera de préstamos' }).waitFor();
    await page.getByLabel('Al', { exact: true }).fill('2020-03-31');
    await page
      .getByRole('img', { name: /Antigüedad/ })
      .first()
      .waitFor({ timeout: 8000 });
    const shown = await page.locator('tbody tr td:first-child a').allInnerTexts();
    const all = server.db.$client
      .prepare(
        'select l.code, x.code as lender from campaign_loans l join lenders x on x.id = l.lender_id order by l.code',
      )
      .all() as { code: string; lender: string }[];
    const own = all.filter((l) => l.lender === 'BAF').map((l) => l.code);
    expect(own.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThan(own.length);
    expect(shown.sort()).toEqual(own.sort());
    await checkScreen(page, 'portfolio', distinctStrings().en);

    await page.getByRole('link', { name: own[0]! }).click();
    await page.getByRole('table').waitFor();
    await checkScreen(page, 'loan', distinctStrings().en);
    // Another lender's loan by URL: not found.
    const foreign = server.db.$client
      .prepare("select l.id from campaign_loans l join lenders x on x.id = l.lender_id where x.code <> 'BAF' limit 1")
      .get() as { id: number };
    await page.goto(
      `${server.origin}/loans/${encodeURIComponent(Buffer.from(`CampaignLoan:${foreign.id}`).toString('base64'))}`,
    );
    await page.getByRole('heading', { name: 'Préstamo no encontrado' }).waitFor();
    await signOut(page);
  });
});

describe('auditor', () => {
  it('verifies the audit chain and reads the trial balance', async () => {
    await signIn(page, server.origin, server.tokens.auditor!);
    await page.getByRole('heading', { name: 'Contabilidad y auditoría' }).waitFor();
    await page.getByRole('button', { name: 'Verificar la cadena' }).click();
    await page.getByText(/La cadena verifica: \d+ registros/).waitFor();
    await page.getByText('Cuadra: débitos y créditos').waitFor();
    await checkScreen(page, 'books', distinctStrings().en);
    await signOut(page);
  });
});
