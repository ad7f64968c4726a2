// Test harness: the real Sluice binary on a free port, Debian's Chromium via playwright-core,
// and small helpers for Kafka Connect's REST API and the demo PostgreSQL (the real dev stack).
import { spawn, execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const artifacts = join(root, 'e2e', 'artifacts');
export const connectUrl = process.env.SLUICE_TEST_CONNECT_URL ?? 'http://127.0.0.1:8083';
export const pgPort = process.env.SLUICE_PG_PORT ?? '15432';
const jolokiaPort = Number(process.env.SLUICE_JOLOKIA_PORT ?? '8771');
/** Both dev-stack workers' Jolokia agents, for a cluster's `metrics`. */
export const jolokia = [0, 1].map((i) => ({ format: 'jolokia', url: `http://127.0.0.1:${jolokiaPort + i}/jolokia/` }));

export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

/** Fails loudly when the stack is not up: browser tests never skip. */
export async function requireStack() {
  try {
    const r = await fetch(`${connectUrl}/connector-plugins`, { signal: AbortSignal.timeout(5000) });
    if (r.ok) return;
  } catch { /* fall through */ }
  throw new Error(`Kafka Connect is not answering at ${connectUrl}: run dev/stack up`);
}

/** Starts `sluice` with the given clusters; resolves once /healthz answers. */
/** Starts the real server; `settings` is more TOML (tables such as `[fleet]`) for a test. */
export async function startSluice(clusters, settings = '') {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
  const toml = [`listen = "127.0.0.1:${port}"`, `dist_dir = "${join(root, 'dist')}"`,
    `database_url = "sqlite://${join(dir, 'sluice.db')}"`, settings, '']
    .concat(clusters.flatMap((c) => ['[[clusters]]', `id = "${c.id}"`, `name = "${c.name}"`, `url = "${c.url}"`,
      ...(c.kafkaBootstrap ? [`kafka_bootstrap = "${c.kafkaBootstrap}"`] : []), '',
      ...(c.metrics ?? []).flatMap((m) => ['[[clusters.metrics]]', `format = "${m.format}"`, `url = "${m.url}"`, ''])]))
    .join('\n');
  writeFileSync(join(dir, 'sluice.toml'), toml);
  const bin = process.env.E2E_SLUICE_BIN ?? join(root, 'target', 'debug', 'sluice');
  const proc = spawn(bin, ['--config', join(dir, 'sluice.toml'), 'serve'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SLUICE_ADMIN_PASSWORD: adminPassword },
  });
  // Each server's log is also kept on disk, per test file: when a browser test fails in CI,
  // dev/test prints what the server said meanwhile.
  const logs = join(artifacts, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = join(logs, `${basename(process.argv[1] ?? 'e2e', '.test.js')}-${port}.log`);
  writeFileSync(logFile, '');
  let log = '';
  proc.stderr.on('data', (d) => { log += d; appendFileSync(logFile, d); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, pid: proc.pid, stop: () => proc.kill("SIGTERM"), log: () => log };
    } catch { /* not yet */ }
    if (proc.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`sluice did not start:\n${log}`);
}

export const adminPassword = 'e2e-admin-password';

/** Signs in through the login page, as a person would. */
export async function signIn(page, url, username = 'admin', password = adminPassword) {
  await page.goto(url);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid=identity]').waitFor({ timeout: 15_000 });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function screenshot(page, name, fullPage = true) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage });
}

export async function connect(method, path, body) {
  const r = await fetch(`${connectUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} -> ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export function unique(tag) {
  return `e2e-${tag}-${Date.now().toString(36)}`;
}

export function postgresConnector(name) {
  const slot = name.replaceAll('-', '_');
  return {
    name,
    config: {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.hostname': '127.0.0.1', 'database.port': pgPort,
      'database.user': 'dbz', 'database.password': 'dbz-secret-pw', 'database.dbname': 'inventory',
      'topic.prefix': slot, 'plugin.name': 'pgoutput', 'slot.name': slot,
      'publication.autocreate.mode': 'disabled', 'table.include.list': 'public.customers', 'tasks.max': '1',
    },
  };
}

/** Deletes a connector and, for Debezium PostgreSQL, its replication slot once released. */
export async function removeConnector(name, slot) {
  await connect('DELETE', `/connectors/${encodeURIComponent(name)}`).catch(() => {});
  if (!slot) return;
  for (let i = 0; i < 40; i++) {
    const out = execFileSync(join(root, 'dev', 'stack'), ['psql', '-tAc',
      `SELECT count(*) FROM pg_replication_slots WHERE slot_name='${slot}' AND active`]).toString().trim();
    if (out === '0') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  execFileSync(join(root, 'dev', 'stack'), ['psql', '-tAc',
    `SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name='${slot}' AND NOT active`]);
}

/**
 * Registers before/after hooks that start Sluice (with the given clusters, by default the dev
 * stack's) and Chromium for the tests of one file; returns live handles to both.
 */
/** Records every Content-Security-Policy violation any page of `browser` reports. */
function watchCsp(browser, found) {
  const watch = (page) => page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) found.push(`${page.url()}: ${m.text()}`);
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('page', watch);
    return context;
  };
}

export function sluiceAndBrowser(clusters = [{ id: 'local', name: 'Local dev stack', url: connectUrl }], settings = '') {
  const ctx = { sluice: null, browser: null, cspViolations: [] };
  before(async () => {
    await requireStack();
    ctx.sluice = await startSluice(clusters, settings);
    // Every page runs under the console's policy: the UI must work without relaxing it.
    const csp = (await fetch(ctx.sluice.url)).headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/, `index.html policy: ${csp}`);
    ctx.browser = await launchBrowser();
    watchCsp(ctx.browser, ctx.cspViolations);
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.sluice?.stop();
    assert.deepEqual(ctx.cspViolations, [], 'the browser refused something under the policy');
  });
  return ctx;
}

/** The console's own API as the first admin (session cookie and CSRF token), for set-up. */
export async function adminApi(url) {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  });
  if (!login.ok) throw new Error(`admin sign-in -> ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await login.json();
  return async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} -> ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Polls `check` every half second until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A webhook receiver on 127.0.0.1 that keeps every JSON body posted to it. */
export async function webhookReceiver() {
  const { createServer } = await import('node:http');
  const bodies = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => { data += c; });
    req.on('end', () => {
      try { bodies.push(JSON.parse(data)); } catch { bodies.push(data); }
      res.writeHead(204).end();
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/hook`;
  return { url, bodies, close: () => server.close() };
}
