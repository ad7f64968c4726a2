// The fleet at scale, measured (a benchmark, not a test): starts a release Sluice over the
// given clusters, then prints, as `label<TAB>figure<TAB>goal` lines for dev/bench's table,
// `/api/v1/fleet` latency from the shared cache, the live stream's message sizes (the first
// is the whole fleet, the later ones what changed), resident memory, the health scheduler's
// cycle, and the browser's time from navigation to the first page of rows.
//   node bench/fleet-at-scale.js CLUSTERS_JSON EXPECTED_ROWS   (run by dev/bench)
import { readFileSync } from 'node:fs';
import { launchBrowser, signIn, startSluice } from '../lib/harness.js';

const clusters = JSON.parse(process.argv[2]);
const expected = Number(process.argv[3]);
const n = expected.toLocaleString('en');

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(1);
  return `p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`;
}
const row = (label, figure, goal = '') => console.log(`${label}\t${figure}\t${goal}`);
const rss = (pid) => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return `${(kb / 1024).toFixed(1)} MiB`;
};

const sluice = await startSluice(clusters, '[health]\ninterval = "5s"');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await signIn(page, sluice.url);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const fleet = () => fetch(`${sluice.url}/api/v1/fleet`, { headers: { cookie } }).then((r) => r.text());
  // Until every cluster's first listing is in.
  for (let i = 0; ; i++) {
    const rows = JSON.parse(await fleet()).clusters.reduce((s, c) => s + (c.connectors?.length ?? 0), 0);
    if (rows >= expected) break;
    if (i > 600) throw new Error(`the fleet never reached ${expected} rows (${rows})`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const took = [];
  for (let i = 0; i < 50; i++) { const t = performance.now(); await fleet(); took.push(performance.now() - t); }
  // The goals are for 1,000 (real stack) and 10,000 connectors (replayed); 50,000 is
  // measured to show the trend, without one.
  const goal = (small, large) => (expected > 10000 ? '' : expected >= 10000 ? large : small);
  row(`GET /api/v1/fleet, ${n} connectors (shared cache)`, stats(took), goal('p50 < 50 ms', 'p50 < 50 ms'));
  const body = (await fleet()).length;
  row('  its body (JSON, before compression)', `${(body / 1024).toFixed(0)} KiB`);

  // The live stream for five refresh intervals: message sizes.
  const sizes = [];
  const ctl = new AbortController();
  const res = await fetch(`${sluice.url}/api/v1/fleet/events`, { headers: { cookie }, signal: ctl.signal });
  const reader = res.body.getReader();
  const until = performance.now() + 10_000;
  let pending = '';
  try {
    while (performance.now() < until) {
      const { value, done } = await Promise.race([reader.read(),
        new Promise((r) => setTimeout(() => r({ value: undefined, done: false }), until - performance.now()))]);
      if (done) break;
      if (!value) continue;
      pending += new TextDecoder().decode(value);
      let cut;
      while ((cut = pending.indexOf('\n\n')) >= 0) {
        const event = pending.slice(0, cut);
        pending = pending.slice(cut + 2);
        if (event.includes('data:')) sizes.push(event.length);
      }
    }
  } finally { ctl.abort(); }
  const deltas = sizes.slice(1).sort((a, b) => a - b);
  row('  live stream: first message (whole fleet)', `${((sizes[0] ?? 0) / 1024).toFixed(0)} KiB`);
  row('  live stream: later messages (changes only)', deltas.length
    ? `${deltas.length} in 10 s, median ${(deltas[deltas.length >> 1] / 1024).toFixed(1)} KiB, largest ${(deltas.at(-1) / 1024).toFixed(1)} KiB`
    : 'none in 10 s (nothing changed)');

  const cycles = new Map();
  const deadline = performance.now() + 25_000;
  while (cycles.size < 3 && performance.now() < deadline) {
    const s = await fetch(`${sluice.url}/api/v1/scheduler`, { headers: { cookie } }).then((r) => r.json());
    for (const c of s.last_cycles) cycles.set(c.at_ms, c.took_ms);
    await new Promise((r) => setTimeout(r, 500));
  }
  const cycle = [...cycles.entries()].sort((a, b) => a[0] - b[0]).map(([, ms]) => ms);
  row(`health scheduler cycle over ${n} connectors`, cycle.length ? `first ${cycle[0]} ms, then ${cycle.slice(1).join(', ')} ms` : 'no cycle in 25 s');

  // In the page: when the last fleet message before the full count came in (our listener
  // runs before the app's), and when the range first says all rows are there.
  await page.addInitScript((want) => {
    const marks = { data: 0, rows: 0 };
    window.__fleetMarks = marks;
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('fleet', () => { if (!marks.rows) marks.data = performance.now(); });
      }
    };
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=fleet-range]');
      if (!marks.rows && el && el.textContent.trim().endsWith(`of ${want}`)) marks.rows = performance.now();
    }).observe(document, { subtree: true, childList: true, characterData: true });
  }, expected);
  const navigations = [];
  const renders = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await page.goto(sluice.url);
    await page.locator('[data-testid=fleet-range]').filter({ hasText: new RegExp(`of ${expected}$`) }).waitFor({ timeout: 120_000 });
    navigations.push(performance.now() - t);
    const m = await page.evaluate(() => window.__fleetMarks);
    renders.push(m.rows - m.data);
  }
  row(`browser: the data in → first page of ${n} rows shown`, `${stats(renders)} (5 loads)`, goal('< 300 ms', '< 500 ms'));
  row('  navigation → the same (wasm, sign-in check, stream, render)', `${stats(navigations)}`);
  row(`resident memory with ${n} connectors`, rss(sluice.pid), goal('', '< 80 MB'));
} finally {
  await browser.close();
  sluice.stop();
}
