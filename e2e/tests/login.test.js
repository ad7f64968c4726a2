// Signing in and out through the UI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, signIn, sluiceAndBrowser } from '../lib/harness.js';

const ctx = sluiceAndBrowser();

test('a wrong password gets one generic message and no access', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.goto(ctx.sluice.url);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByLabel('Password').press('Enter');
    const error = page.locator('[data-testid=login-error]');
    await error.waitFor({ timeout: 10_000 });
    assert.equal(await error.textContent(), 'invalid username or password');
    assert.equal(await page.locator('[data-testid=cluster]').count(), 0, 'nothing behind the login shows');
    await screenshot(page, 'login-failed');
  } finally {
    await page.close();
  }
});

test('signing in shows who you are; signing out returns to the login page and ends the session', async () => {
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await signIn(page, ctx.sluice.url);
    const identity = page.locator('[data-testid=identity]');
    assert.match(await identity.textContent(), /admin/);
    await page.locator('[data-testid=cluster][data-cluster=local]').waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'sluice_session');
    assert.ok(session?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(session?.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('sluice_session')), false,
      'scripts cannot read the session cookie');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('[data-testid=login-form]').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    assert.equal(me, 401, 'the server ended the session');
  } finally {
    await context.close();
  }
});
