// e2e.mjs — the browser half of scripts/e2e: opens each notebook of --dir in
// Jupyter Notebook 6 (already started by scripts/e2e) through headless
// Chromium, runs all cells, drives the live knobs and checks the result.
//
// Notebook 6's JavaScript API is used directly (Jupyter.notebook): it is what
// the Cell menu calls, and it exposes each cell's outputs as nbformat JSON,
// which is easier to check than the rendered DOM. The DOM is still checked
// where only it knows: images decoded, dialogs open.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    url: { type: 'string' }, token: { type: 'string' }, dir: { type: 'string' },
    shots: { type: 'string' }, chromium: { type: 'string', default: '/usr/bin/chromium' },
    timeout: { type: 'string', default: '1800' }, profile: { type: 'string' },
    'self-test': { type: 'boolean', default: false },
  },
});
const deadline = Date.now() + Number(opt.timeout) * 1000;
const selfTest = opt['self-test'];
const names = fs.readdirSync(opt.dir).filter((f) => f.endsWith('.ipynb')).sort();

class Failure extends Error {}
const left = () => deadline - Date.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Text that marks a failed cell program. GoNB prints a program that ended
// badly on stderr ("exit status 2" after a panic) instead of an error output.
const badText = [
  [/^panic: /m, 'a panic'],
  [/goroutine \d+ \[[a-z ]+\]:/, 'a goroutine dump'],
  [/exit status [1-9][0-9]*/, 'a non-zero "exit status"'],
  [/fatal error:/, '"fatal error:"'],
];

// The running bar of mlkit/progress (html.go) is drawn in #0072B2; Finish
// replaces it by a final block (✓ summary, or a bar in #009E73) shown for good,
// and empties the transient one. A #0072B2 bar left in an output is a bar that
// never finished.
const runningBar = /<span style="display:block;width:[0-9.]+%;height:100%;background:#0072B2/;
const finalBar = /<div style="font-family:monospace;font-size:12px;line-height:1.5">[\s\S]*?(✓|background:#009E73)/;

async function waitFor(what, fn, { timeout = left(), every = 250 } = {}) {
  const end = Date.now() + Math.min(timeout, left());
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) {
      throw new Failure(left() <= 0 ? `overall time limit (${opt.timeout} s) reached waiting for ${what}` : `timed out waiting for ${what}`);
    }
    await sleep(every);
  }
}

// The notebook's state as seen from the page.
const snapshot = () => {
  const nb = window.Jupyter.notebook;
  const cells = nb.get_cells().map((c, i) => ({
    i, type: c.cell_type,
    empty: c.cell_type === 'code' && c.get_text().trim() === '',
    prompt: c.cell_type === 'code' ? (c.input_prompt_number ?? null) : null,
    outputs: c.cell_type === 'code' ? c.output_area.outputs.map((o) => ({
      type: o.output_type, name: o.name || '',
      text: Array.isArray(o.text) ? o.text.join('') : (o.text || ''),
      html: o.data ? [].concat(o.data['text/html'] || []).join('') : '',
      plain: o.data ? [].concat(o.data['text/plain'] || []).join('') : '',
      error: o.output_type === 'error' ? `${o.ename}: ${o.evalue}` : '',
    })) : [],
  }));
  const icon = document.querySelector('#kernel_indicator_icon');
  return {
    cells,
    idle: !!icon && icon.classList.contains('kernel_idle_icon'),
    dialogs: [...document.querySelectorAll('.modal')].filter((m) => m.offsetParent !== null || m.classList.contains('in'))
      .map((m) => (m.querySelector('.modal-title')?.textContent || m.textContent).trim().slice(0, 200)),
    knobs: [...document.querySelectorAll('.mlkit-knob')].map((k) => k.id),
  };
};

function problems(state) {
  const out = [];
  const code = state.cells.filter((c) => c.type === 'code' && !c.empty);
  code.forEach((c, j) => {
    if (c.prompt !== j + 1) out.push(`code cell ${j + 1} (cell ${c.i + 1}) has execution count ${JSON.stringify(c.prompt)}, want ${j + 1}`);
    for (const o of c.outputs) {
      if (o.type === 'error') out.push(`code cell ${j + 1}: error output ${o.error}`);
      const text = (o.text + '\n' + o.plain + '\n' + o.html.replace(/<[^>]*>/g, ' ')).replace(/\x1b\[[0-9;]*m/g, '');
      for (const [re, what] of badText) {
        const m = text.match(re);
        if (m) { out.push(`code cell ${j + 1}: output holds ${what}: ${excerpt(text, m.index)}`); break; }
      }
      if (runningBar.test(o.html)) out.push(`code cell ${j + 1}: a progress bar never reached its final state`);
    }
  });
  if (state.dialogs.length) out.push(`dialog open: ${state.dialogs.join(' | ')}`);
  return out;
}

function excerpt(text, at) {
  return JSON.stringify(text.slice(Math.max(0, at - 120), at + 200).trim());
}

// A live knob (plotting.Knob): move its slider one step with the keyboard,
// as a user would, and check that the figure is redrawn from new bytes and
// that the value shown is the slider's; then press Done.
async function driveKnob(page, id, log, shot) {
  const knob = page.locator(`[id="${id}"]`);
  const slider = knob.locator('input[type=range]');
  const read = () => page.evaluate((id) => {
    const k = document.getElementById(id);
    if (!k) return null;
    const cell = k.closest('.cell');
    const img = cell.querySelector('img.mlkit-knob-figure');
    const s = k.querySelector('input[type=range]');
    return {
      values: JSON.parse(k.dataset.values), name: k.dataset.name,
      shown: k.querySelector('.mlkit-knob-value')?.textContent.trim(),
      slider: s ? Number(s.value) : null, min: s ? Number(s.min) : null, max: s ? Number(s.max) : null,
      src: img ? img.getAttribute('src') : null,
      loaded: !!img && img.complete && img.naturalWidth > 0,
      button: !!k.querySelector('button'),
    };
  }, id);
  const first = await waitFor(`knob ${id} to draw its first figure`, async () => {
    const r = await read();
    return r && r.src && r.loaded && r.button && r.slider !== null ? r : null;
  }, { timeout: 600_000 });
  if (first.shown !== String(first.values[first.slider])) {
    throw new Failure(`knob ${first.name}: shows ${first.shown} with the slider at ${first.values[first.slider]}`);
  }
  const step = first.slider < first.max ? 'ArrowRight' : 'ArrowLeft';
  const want = first.values[first.slider + (step === 'ArrowRight' ? 1 : -1)];
  await slider.focus();
  await page.keyboard.press(step);
  const t0 = Date.now();
  const moved = await waitFor(`knob ${first.name} to redraw for ${want}`, async () => {
    const r = await read();
    return r && r.src !== first.src && r.loaded && r.shown === String(want) ? r : null;
  }, { timeout: 600_000 });
  if (String(moved.values[moved.slider]) !== moved.shown) {
    throw new Failure(`knob ${first.name}: shows ${moved.shown} with the slider at ${moved.values[moved.slider]}`);
  }
  const bytes = (src) => Buffer.from(src.slice(src.indexOf(',') + 1), 'base64');
  const [a, b] = [bytes(first.src), bytes(moved.src)];
  if (a.equals(b)) throw new Failure(`knob ${first.name}: the figure's bytes did not change from ${first.shown} to ${want}`);
  log(`knob ${first.name}: ${first.shown} → ${moved.shown}, figure redrawn in ${((Date.now() - t0) / 1000).toFixed(1)} s (${a.length} → ${b.length} bytes)`);
  // The live knob in the browser, with Jupyter's toolbar above it (the README's picture).
  await page.evaluate((id) => document.getElementById(id).closest('.cell').scrollIntoView({ block: 'start' }), id);
  await sleep(200);
  await page.screenshot({ path: shot(first.name) });
  await knob.locator('button').click();
  await waitFor(`knob ${first.name}'s cell to end after Done`, () => page.evaluate((id) => !document.getElementById(id), id), { timeout: 120_000 });
  return { name: first.name, value: String(want) };
}

async function runNotebook(browser, name) {
  const page = await browser.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const log = (s) => console.log(`  ${name}: ${s}`);
  const result = { name, ok: false, seconds: 0, cells: 0, images: 0, bars: 0, knobs: [], errors: [] };
  let started = false; // (before Run All the page still shows the committed outputs)
  try {
    await page.goto(`${opt.url}/notebooks/${encodeURIComponent(name)}?token=${opt.token}`, { timeout: Math.min(120_000, left()) });
    await waitFor('the notebook and its kernel', () => page.evaluate(() => {
      const nb = window.Jupyter?.notebook;
      const icon = document.querySelector('#kernel_indicator_icon');
      return !!(nb && nb._fully_loaded && nb.kernel && nb.kernel.is_connected() && nb.kernel.info_reply?.status === 'ok' &&
        icon && icon.classList.contains('kernel_idle_icon'));
    }), { timeout: 180_000, every: 300 });
    // Never write the notebook: autosave off (the files are copies anyway).
    await page.evaluate(() => {
      const nb = window.Jupyter.notebook;
      nb.set_autosave_interval(0);
      nb.clear_all_output();
    });
    const t0 = Date.now();
    started = true;
    await page.evaluate(() => window.Jupyter.notebook.execute_all_cells());
    const knobs = new Map();
    let quiet = 0;
    await waitFor('all cells to run', async () => {
      const s = await page.evaluate(snapshot);
      for (const id of s.knobs) {
        if (!knobs.has(id)) {
          knobs.set(id, null);
          knobs.set(id, await driveKnob(page, id, log,
            (k) => path.join(opt.shots, `${name.replace(/\.ipynb$/, '')}.knob-${k.replace(/[^A-Za-z0-9_-]+/g, '_')}.png`)));
        }
      }
      const running = s.cells.some((c) => c.prompt === '*');
      quiet = !running && s.idle ? quiet + 1 : 0;
      return quiet >= 3; // idle across three polls: Run All has nothing left queued
    }, { every: 500 });
    result.seconds = (Date.now() - t0) / 1000;
    result.knobs = [...knobs.values()];

    // Images: every one decoded, with a width.
    const imgs = await page.evaluate(async () => {
      const all = [...document.querySelectorAll('#notebook-container .output_area img')];
      await Promise.all(all.map((im) => im.decode().catch(() => {})));
      return all.map((im) => ({ w: im.naturalWidth, src: (im.getAttribute('src') || '').slice(0, 60) }));
    });
    result.images = imgs.length;
    const s = await page.evaluate(snapshot);
    const errs = problems(s);
    imgs.forEach((im, k) => { if (!(im.w > 0)) errs.push(`image ${k + 1} did not load (naturalWidth ${im.w}, src ${im.src}…)`); });
    for (const o of s.cells.flatMap((c) => c.outputs)) if (finalBar.test(o.html)) result.bars++;
    for (const k of result.knobs) {
      const kept = s.cells.some((c) => c.outputs.some((o) => /class="mlkit-knob-result"/.test(o.html) &&
        o.html.replace(/<[^>]*>/g, ' ').includes(`${k.name} = ${k.value}`)));
      if (!kept) errs.push(`knob ${k.name}: the cell did not keep the figure for ${k.name} = ${k.value}`);
    }
    if (dialogs.length) errs.push(`browser dialog: ${dialogs.join(' | ')}`);
    result.cells = s.cells.filter((c) => c.type === 'code' && !c.empty).length;
    result.errors = errs;
    if (pageErrors.length) log(`page errors (not failures): ${pageErrors.slice(0, 3).join(' | ')}`);

    // A full-page screenshot: Notebook 6 scrolls inside #site, so let it grow first.
    await page.addStyleTag({ content: 'html, body { height: auto !important; overflow: visible !important; position: static !important; } ' +
      '#site { height: auto !important; overflow: visible !important; display: block !important; } #header { position: static !important; }' });
    await sleep(300);
    await page.screenshot({ path: path.join(opt.shots, name.replace(/\.ipynb$/, '.png')), fullPage: true, timeout: 120_000 });
    result.ok = errs.length === 0;
  } catch (e) {
    if (!(e instanceof Failure) && !/Timeout|timed out|Target closed|closed/.test(String(e))) throw e;
    result.errors.push(String(e.message || e));
    try {
      if (started) result.errors.push(...problems(await page.evaluate(snapshot)));
    } catch { /* page gone */ }
  } finally {
    await shutdownKernel(name);
    await page.close().catch(() => {});
  }
  return result;
}

// Stop the notebook's kernel through Jupyter's REST API, so that kernels do not
// pile up across notebooks (each holds its data in memory).
async function shutdownKernel(name) {
  const h = { Authorization: `token ${opt.token}` };
  try {
    const sessions = await (await fetch(`${opt.url}/api/sessions`, { headers: h })).json();
    for (const s of sessions) {
      if (path.basename(s.path || s.notebook?.path || '') === name) {
        await fetch(`${opt.url}/api/sessions/${s.id}`, { method: 'DELETE', headers: h });
      }
    }
  } catch (e) {
    console.error(`e2e: could not stop the kernel of ${name}: ${e}`);
  }
}

// A persistent context on a fresh profile folder (made by scripts/e2e under
// its temporary folder): Playwright takes --user-data-dir only this way.
const browser = await chromium.launchPersistentContext(opt.profile, {
  executablePath: opt.chromium,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 900 },
  timeout: 120_000,
});
const results = [];
let status = 0;
try {
  for (const name of names) {
    if (left() <= 0) { results.push({ name, ok: false, seconds: 0, errors: ['not run: overall time limit reached'] }); continue; }
    console.log(`e2e: ${name}`);
    const r = await runNotebook(browser, name);
    results.push(r);
    const verdict = r.ok ? 'ok' : 'FAILED';
    console.log(`  ${name}: ${verdict} in ${r.seconds.toFixed(1)} s`);
    for (const e of r.errors.slice(0, 8)) console.log(`    ${e}`);
  }
} finally {
  await browser.close().catch(() => {});
}

console.log();
console.log(`${'notebook'.padEnd(36)} ${'seconds'.padStart(8)} ${'cells'.padStart(6)} ${'images'.padStart(7)} ${'bars'.padStart(5)}  result`);
for (const r of results) {
  const knobs = (r.knobs || []).map((k) => `${k.name}→${k.value}`).join(', ');
  let verdict = r.ok ? 'ok' : 'failed';
  if (selfTest) {
    const wantFail = r.name.startsWith('bad_');
    verdict = wantFail ? (r.ok ? 'PASSED (should have failed)' : 'failed, as it should') : (r.ok ? 'ok' : 'FAILED');
    if (wantFail === r.ok) status = 1;
  } else if (!r.ok) {
    status = 1;
  }
  console.log(`${r.name.padEnd(36)} ${r.seconds.toFixed(1).padStart(8)} ${String(r.cells ?? '?').padStart(6)} ${String(r.images ?? '?').padStart(7)} ${String(r.bars ?? '?').padStart(5)}  ${verdict}${knobs ? `  (knobs ${knobs})` : ''}`);
}
console.log(`screenshots: ${opt.shots}`);
if (selfTest) console.log(status === 0 ? 'e2e self-test: passed (each broken notebook failed, the good one passed)' : 'e2e self-test: FAILED');
process.exit(status);
