/**
 * Plant staff in a real browser (Debian Chromium): intakes recorded with the network cut survive a reload and
 * reach the server exactly once each when it returns; a refused intake shows the API's reason, is fixed and
 * resent under its key; the lot ticket; GraphiQL served with no request leaving the server; and plant staff
 * held to the web app's registered operations.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, distinctStrings, launch, signIn } from './support/browser.js';
import { type WebServer, startWebServer } from './support/web-server.js';

let server: WebServer;
let browser: Awaited<ReturnType<typeof launch>>;
let page: Page;

beforeAll(async () => {
  [server, browser] = await Promise.all([startWebServer(), launch()]);
  page = await browser.context.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const counts = (page: Page) => page.getByTestId('outbox-counts');

async function recordIntake(page: Page, farmer: { national_id: string }, gross: string, receivedAt?: string) {
  await page.getByLabel('Productor (nombre o DNI)').fill(farmer.national_id);
  await page.getByRole('list', { name: 'Productores encontrados' }).getByRole('button').first().click();
  await page.getByLabel('Sacos').fill('4');
  await page.getByLabel('Peso bruto (kg)').fill(gross);
  await page.getByLabel('Tara (kg)').fill('1.2');
  await page.getByLabel('Humedad (%)').fill('11.5');
  if (receivedAt) await page.getByLabel('Recibido').fill(receivedAt);
  await page.getByRole('button', { name: 'Guardar y enviar' }).click();
  await page.getByText('Guardado en la bandeja').waitFor();
}

describe('plant staff intake, offline first', () => {
  it('records three intakes offline, keeps them through a reload, and the server holds exactly three new lots', async () => {
    // Noon in Lima on 18 December 2019, the server's time too.
    await page.clock.setFixedTime(new Date('2019-12-18T12:00:00-05:00'));
    await signIn(page, server.origin, server.tokens.plant_staff!);
    await expect.poll(() => page.url()).toMatch(/\/intake$/);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
    await page.getByText(/^60 productores guardados/).waitFor();
    const farmers = server.db.$client.prepare('select national_id from farmers order by id limit 3').all() as {
      national_id: string;
    }[];
    const before = server.count('lots');

    await browser.context.setOffline(true);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sin conexión' }).count()).toBe(1);
    await recordIntake(page, farmers[0]!, '120.5');
    await recordIntake(page, farmers[1]!, '98');
    await recordIntake(page, farmers[2]!, '230.25');
    await expect.poll(() => counts(page).innerText()).toBe('3 en espera · 0 enviados · 0 rechazados');

    await page.reload();
    await expect.poll(() => counts(page).innerText()).toBe('3 en espera · 0 enviados · 0 rechazados');
    expect(server.count('lots')).toBe(before);

    await browser.context.setOffline(false);
    await expect
      .poll(() => counts(page).innerText(), { timeout: 15_000 })
      .toBe('0 en espera · 3 enviados · 0 rechazados');
    expect(server.count('lots')).toBe(before + 3);
    const keys = server.db.$client
      .prepare("select count(*) as n from idempotency_keys where key like 'web-intake-%'")
      .get() as { n: number };
    expect(keys.n).toBe(3);
    await checkScreen(page, 'intake', distinctStrings().en);
  });

  it('shows a refusal with the API reason, and the fixed intake is resent and written once', async () => {
    // The tablet's clock runs a day ahead: the form cannot know, the server refuses the time as in the future.
    await page.clock.setFixedTime(new Date('2019-12-19T12:00:00-05:00'));
    await page.reload();
    const before = server.count('lots');
    const farmer = server.db.$client.prepare('select national_id from farmers order by id desc limit 1').get() as {
      national_id: string;
    };
    await recordIntake(page, farmer, '77.7', '2019-12-19T11:30');
    await expect
      .poll(() => counts(page).innerText(), { timeout: 10_000 })
      .toBe('0 en espera · 3 enviados · 1 rechazados');
    const refused = page.locator('li[data-state="refused"]');
    await expect.poll(() => refused.innerText()).toContain('Recibido: está en el futuro');
    expect(server.count('lots')).toBe(before);
    await checkScreen(page, 'intake-refused', distinctStrings().en);

    await refused.getByRole('link', { name: 'Corregir y reenviar' }).click();
    await expect.poll(() => page.getByLabel('Peso bruto (kg)').inputValue()).toBe('77.7');
    await page.getByLabel('Recibido').fill('2019-12-18T11:30');
    await page.getByRole('button', { name: 'Guardar y reenviar' }).click();
    await expect
      .poll(() => counts(page).innerText(), { timeout: 10_000 })
      .toBe('0 en espera · 4 enviados · 0 rechazados');
    expect(server.count('lots')).toBe(before + 1);

    await page.locator('li[data-state="sent"]').first().getByRole('link', { name: 'Ticket' }).click();
    await page.getByRole('heading', { name: 'Ticket de lote' }).waitFor();
    expect(await page.locator('.ticket').innerText()).toMatch(/C2019-\d{5}[\s\S]*76[.,]5 kg \(1[.,]66 qq\)/);
    await checkScreen(page, 'ticket', distinctStrings().en);
  });

  it('grades one received lot and rejects another through the outbox', async () => {
    const gradings = server.count('lot_gradings');
    const rejections = server.count('lot_rejections');
    await page.goto(`${server.origin}/lots`);
    await page.getByRole('table').waitFor();
    const rows = page.getByRole('button', { name: 'Catar o rechazar' });
    await rows.first().click();
    await page.getByLabel('Rendimiento exportable (%)').fill('78.5');
    await page.getByLabel('Puntaje de taza').fill('84.25');
    await page.getByRole('button', { name: 'Guardar catación' }).click();
    await expect
      .poll(() => counts(page).innerText(), { timeout: 10_000 })
      .toBe('0 en espera · 5 enviados · 0 rechazados');
    await rows.first().click();
    await page.getByLabel('Motivo del rechazo').fill('humedad 14.2 % sobre el límite de 12.5 %');
    await page.getByRole('button', { name: 'Rechazar lote' }).click();
    await expect
      .poll(() => counts(page).innerText(), { timeout: 10_000 })
      .toBe('0 en espera · 6 enviados · 0 rechazados');
    expect(server.count('lot_gradings')).toBe(gradings + 1);
    expect(server.count('lot_rejections')).toBe(rejections + 1);
    await checkScreen(page, 'lots', distinctStrings().en);
  });

  it('switches to English with every string translated', async () => {
    await page.goto(`${server.origin}/intake`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Lot intake' }).waitFor({ timeout: 5000 });
    await checkScreen(page, 'intake-en', distinctStrings().es);
    await page.goto(`${server.origin}/lots`);
    await page.getByRole('heading', { name: 'Lots to grade' }).waitFor({ timeout: 5000 });
    await page.getByRole('table').waitFor({ timeout: 5000 });
    await checkScreen(page, 'lots-en', distinctStrings().es);
    await page.goto(`${server.origin}/board`);
    await page.getByText(/· live$/).waitFor({ timeout: 5000 });
    await checkScreen(page, 'board-en', distinctStrings().es);
    await page.getByRole('button', { name: 'Español' }).click();
  });

  it('holds plant staff to the registered operations, and leaves arbitrary queries to the roles that need them', async () => {
    const post = (role: string, body: unknown) =>
      fetch(`${server.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens[role]}` },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    const arbitrary = { query: '{ viewer { name } }' };
    const refused = await post('plant_staff', arbitrary);
    expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_ONLY');
    expect(refused.body.data).toBeUndefined();
    expect((await post('admin', arbitrary)).body.data.viewer.name).toBeTruthy();
    const unknown = await post('plant_staff', {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });

  it('serves GraphiQL from the installed packages, with no request leaving the server', async () => {
    const gq = await browser.context.newPage();
    const foreign: string[] = [];
    gq.on('request', (r) => {
      if (!r.url().startsWith(server.origin) && !/^(data|blob):/.test(r.url())) foreign.push(r.url());
    });
    await gq.goto(`${server.origin}/graphql`);
    await gq.locator('.graphiql-container').first().waitFor({ timeout: 20_000 });
    expect(foreign).toEqual([]);
    await gq.close();
  });
});
