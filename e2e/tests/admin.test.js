// Administration in the browser: a tenant and a user added through the forms, then the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminApi, screenshot, signIn, sluiceAndBrowser, waitFor } from '../lib/harness.js';

const ctx = sluiceAndBrowser();

test('an admin adds a tenant and an operator, and both changes are in the audit log', async () => {
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await signIn(page, ctx.sluice.url);
    await page.getByRole('link', { name: 'Users & tenants' }).click();
    const tenantForm = page.locator('[data-testid=create-tenant-form]');
    await tenantForm.getByLabel('Id').fill('acme');
    assert.equal(await tenantForm.getByLabel('Connector prefix').inputValue(), 'acme-', 'prefixes are suggested from the id');
    await tenantForm.getByLabel('Name', { exact: true }).fill('Acme Corp');
    await tenantForm.getByRole('button', { name: 'Add tenant' }).click();
    await page.locator('[data-testid=tenant-row]', { hasText: 'acme.' }).waitFor();
    // A class the console cannot check, allowed for this tenant by the admin; kept on reload.
    const allowed = page.locator('[data-testid=tenant-row]', { hasText: 'acme.' }).locator('[data-testid=allowed-classes]');
    await allowed.getByLabel('Classes allowed for acme').fill('com.example.TenantRouter');
    await allowed.getByRole('button', { name: 'Save' }).click();
    await allowed.getByText('Saved').waitFor();
    await page.reload();
    const kept = page.locator('[data-testid=tenant-row]', { hasText: 'acme.' }).getByLabel('Classes allowed for acme');
    await kept.waitFor();
    assert.equal(await kept.inputValue(), 'com.example.TenantRouter');

    const userForm = page.locator('[data-testid=create-user-form]');
    await userForm.getByLabel('Username').fill('olga');
    await userForm.getByLabel('Password').fill('short');
    await userForm.getByLabel('Role').selectOption('operator');
    assert.equal(await userForm.getByLabel('Tenant').inputValue(), 'acme', 'a tenant role starts in the first tenant');
    await userForm.getByLabel('Role').selectOption('admin');
    assert.ok(await userForm.getByLabel('Tenant').isDisabled(), 'admins span every tenant');
    await userForm.getByLabel('Role').selectOption('operator');
    assert.equal(await userForm.getByLabel('Tenant').inputValue(), 'acme');
    await userForm.getByRole('button', { name: 'Add user' }).click();
    // Refused, by the browser's own minlength check (the field says why) or by the server
    // (the form shows its error): waited for, so an accepted short password fails here.
    await page.waitForFunction(() => {
      const form = document.querySelector('[data-testid=create-user-form]');
      const input = form?.querySelector('input[type=password]');
      const byBrowser = input !== null && !input.checkValidity() && input.validationMessage !== '';
      const byServer = [...(form?.querySelectorAll('[role=alert]') ?? [])].some((e) => /at least \d+ characters/.test(e.textContent));
      return byBrowser || byServer;
    }, null, { timeout: 10_000 });
    assert.equal(await page.locator('[data-testid=user-row][data-user=olga]').count(), 0, 'no user was added');
    await userForm.getByLabel('Password').fill('correct horse battery');
    await userForm.getByRole('button', { name: 'Add user' }).click();
    await page.locator('[data-testid=user-row][data-user=olga]').waitFor();
    await screenshot(page, 'admin-users');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.locator('[data-testid=audit-row][data-action=create_user]').waitFor();
    const actions = await page.locator('[data-testid=audit-row]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    // Sign-ins are audited too; how many this run made is the harness's business.
    assert.ok(actions.includes('sign_in'), `the admin's sign-in is in the log: ${actions}`);
    assert.deepEqual(actions.filter((a) => a !== 'sign_in'), ['create_user', 'update_tenant', 'create_tenant'], 'newest first');
    // Searched as typed (no Enter), one line per entry, the detail a click away.
    await page.locator('[data-testid=audit-search]').pressSequentially('TENANT');
    await waitFor('only the tenant entries', async () => {
      const shown = await page.locator('[data-testid=audit-row]').evaluateAll((rows) => rows.map((r) => r.dataset.action));
      return shown.join() === 'update_tenant,create_tenant';
    }, 10_000);
    const update = page.locator('[data-testid=audit-row][data-action=update_tenant]');
    assert.match(await update.textContent(), /allowed_classes/);
    await update.locator('[data-testid=audit-expand]').click();
    assert.match(await page.locator('[data-testid=audit-detail]').textContent(), /com\.example\.TenantRouter/);
    const table = await page.locator('table.audit').boundingBox();
    assert.ok(table.width <= 1280, `the log fits the window: ${table.width}px`);
    await screenshot(page, 'audit-log');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'audit-log-1440');
  } finally {
    await page.close();
  }
});

test('an admin moves, disables, resets and deletes users; a viewer is offered only what they may do', async () => {
  const api = await adminApi(ctx.sluice.url);
  // A tenant of its own, so the viewer's fleet is empty whatever else runs on the stack.
  const tenant = `v${Date.now() % 1_000_000}`;
  await api('POST', '/tenants', { id: 'globex', display_name: 'Globex', connector_prefix: 'globex-', topic_prefix: 'globex.' });
  await api('POST', '/tenants', { id: tenant, display_name: tenant, connector_prefix: `${tenant}-`, topic_prefix: `${tenant}.` });
  await api('POST', '/users', { username: 'vera', password: 'vera-first-password', role: 'viewer', tenant });
  await api('POST', '/users', { username: 'gone', password: 'gone-long-password', role: 'support' });

  const viewerContext = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const vera = await viewerContext.newPage();
  const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    // The viewer's empty fleet does not point at the wizard, and there is no import.
    await signIn(vera, ctx.sluice.url, 'vera', 'vera-first-password');
    const empty = vera.locator('[data-testid=no-connectors]');
    await empty.waitFor();
    assert.match(await empty.textContent(), new RegExp(`When an operator or admin creates one in ${tenant}`));
    assert.equal(await empty.getByRole('link', { name: 'connector wizard' }).count(), 0, 'no wizard offered');
    assert.equal(await vera.getByRole('link', { name: 'New connector' }).count(), 0);
    await screenshot(vera, 'viewer-fleet');
    await vera.getByRole('link', { name: 'Export' }).click();
    await vera.locator('h1.page-title', { hasText: 'Export' }).waitFor();
    assert.equal(await vera.locator('h1.page-title').textContent(), 'Export');
    assert.equal(await vera.getByText('Export & import').count(), 0, 'a viewer cannot import');

    await signIn(page, ctx.sluice.url);
    await page.getByRole('link', { name: 'Users & tenants' }).click();
    const row = (user) => page.locator(`[data-testid=user-row][data-user=${user}]`);
    await row('olga').waitFor();

    // Moved to globex with the tenant chosen from a list.
    await row('olga').getByRole('button', { name: 'Edit olga' }).click();
    const edit = page.locator('[data-testid=edit-user]');
    await edit.getByLabel('Tenant of olga').selectOption('globex');
    await edit.getByRole('button', { name: 'Save' }).click();
    await row('olga').filter({ hasText: 'globex' }).waitFor();

    // Disabled: vera's next request finds her signed out.
    await row('vera').getByRole('button', { name: 'Disable vera' }).click();
    await row('vera').filter({ hasText: 'disabled' }).waitFor();
    await vera.reload();
    await vera.locator('[data-testid=login-form]').waitFor();
    await row('vera').getByRole('button', { name: 'Enable vera' }).click();
    await row('vera').filter({ hasText: 'enabled' }).waitFor();

    // A new password set by the admin; the old one no longer signs in.
    await row('vera').getByRole('button', { name: 'Reset the password of vera' }).click();
    const reset = page.locator('[data-testid=reset-password]');
    await reset.getByLabel('New password for vera').fill('vera-second-password');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.getByText('Password set; their sessions ended').waitFor();
    const old = await fetch(`${ctx.sluice.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vera', password: 'vera-first-password' }),
    });
    assert.equal(old.status, 401, 'the old password is refused');
    await signIn(vera, ctx.sluice.url, 'vera', 'vera-second-password');

    // She changes her own password from her name at the top.
    await vera.locator('[data-testid=identity]').getByRole('link', { name: 'vera' }).click();
    const own = vera.locator('[data-testid=change-password]');
    await own.getByLabel('Current password').fill('vera-second-password');
    await own.getByLabel('New password', { exact: true }).fill('vera-own-password!');
    await own.getByLabel('New password again').fill('vera-own-password?');
    await own.getByText('The two new passwords differ.').waitFor();
    assert.ok(await own.getByRole('button', { name: 'Change password' }).isDisabled());
    await own.getByLabel('New password again').fill('vera-own-password!');
    await own.getByRole('button', { name: 'Change password' }).click();
    await own.getByText('Password changed.').waitFor();
    await screenshot(vera, 'account-password');

    // Deleted through the console's own dialog, not the browser's.
    await row('gone').getByRole('button', { name: 'Delete gone' }).click();
    const dialog = page.locator('[data-testid=confirm-dialog]');
    await dialog.getByText('the API keys they made stop working').waitFor();
    await dialog.locator('[data-testid=confirm]').click();
    await row('gone').waitFor({ state: 'detached' });
    await screenshot(page, 'users-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'users-1440');

    // The top bar keeps to one line at 1,280 px.
    await page.setViewportSize({ width: 1280, height: 900 });
    const bar = await page.locator('header.topbar').boundingBox();
    assert.ok(bar.height < 60, `the top bar is one line high: ${bar.height}px`);

    const trail = await waitFor('the changes in the audit log', async () => {
      const t = await api('GET', '/audit');
      const actions = t.map((r) => r.action);
      return ['update_user', 'reset_password', 'change_password', 'delete_user'].every((a) => actions.includes(a)) && t;
    }, 10_000);
    assert.ok(!JSON.stringify(trail).includes('vera-second-password'), 'no password in the audit log');
  } finally {
    await page.close();
    await viewerContext.close();
  }
});
