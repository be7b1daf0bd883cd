// The search page and the blog embed in a real browser (Debian's Chromium, headless, driven by
// playwright-core). Run by CTest (label "browser"):
//   node page_test.mjs --binary build/web/civicsearch --source . --shared ../shared --out DIR
// Builds a temp index of the seed, data/archive and tests/fixtures/roles, starts `civicsearch serve` on a free
// loopback port, serves two test blogs from other loopback origins (one allowed, one not) and
// checks the page end to end (with its timeline and "who said it most" panel, with scripts and
// without), then the reading pages (a unit, its talk, its post) with axe-core in light and dark.
// Screenshots go to --out, among them readme-unit-page.png and readme-search-timeline.png, the
// README's docs/unit-page.png and docs/search-timeline.png. Fails loudly when Chromium or
// node_modules is missing: it never skips.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const TIMEOUT_MS = 15000;

function die(message) {
  console.error(`browser test: FAILED: ${message}`);
  process.exit(1);
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return resolve(process.argv[i + 1]);
  if (fallback === undefined) die(`missing --${name}`);
  return resolve(fallback);
}

const binary = option('binary');
const source = option('source', join(here, '..', '..'));
const shared = option('shared', join(source, '..', 'shared'));
const out = option('out', join(source, 'build', 'tests', 'browser-output'));

if (!existsSync(CHROMIUM)) die(`${CHROMIUM} is missing (apt-get install chromium; scripts/test.sh does)`);
for (const module of ['playwright-core', 'axe-core']) {
  if (!existsSync(join(here, 'node_modules', module))) {
    die(`${join(here, 'node_modules', module)} is missing: run 'npm ci' in tests/browser (scripts/test.sh does)`);
  }
}
if (!existsSync(binary)) die(`${binary} is missing: build civicsearch first`);
const { chromium } = createRequire(import.meta.url)('playwright-core');

mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'civic-browser-'));
const cleanups = [() => rmSync(work, { recursive: true, force: true })];
const step = (text) => console.log(`browser test: ${text}`);

// A tiny blog page that embeds the search box (and the iframe variant) from `searchBase`.
function blogPage(searchBase) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A civic blog</title>
<style>
  body { font: 17px/1.6 Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; background: #fbf8f1; }
  /* Host styles that must not reach into the embed. */
  a { color: rgb(255, 0, 0) !important; } p { letter-spacing: 3px; }
  .civic-search-embed { --civic-accent: #7b2d8b; --civic-font: Georgia, serif; }
</style></head><body>
<h1>Notes from the council chamber</h1>
<p id="host-text">Live notes from local democracy. Search the archive:</p>
<script src="${searchBase}/embed.js" data-placeholder="Search this blog" data-results="3"></script>
<h2>Or in a frame</h2>
<iframe id="frame" title="Archive search" src="${searchBase}/embed?q=volunteering&amp;results=2" width="600" height="320"></iframe>
</body></html>`;
}

// A blog on its own loopback origin. It binds before the search server starts (its origin goes
// into --allow-origin); setBase() then names the search server its page embeds.
function blogServer() {
  let searchBase = '';
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(blogPage(searchBase));
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => {
    cleanups.push(() => server.close());
    ok({ origin: `http://127.0.0.1:${server.address().port}`, setBase: (b) => { searchBase = b; } });
  }));
}

// `civicsearch serve` on a free port; resolves with its base URL once it listens.
function startServer(db, allowedOrigin) {
  const child = spawn(binary, ['serve', '--db', db, '--host', '127.0.0.1', '--port', '0',
    '--threads', '4', '--allow-origin', allowedOrigin], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => child.kill('SIGTERM'));
  return new Promise((ok, fail) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`serve did not start: ${log}`)), TIMEOUT_MS);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = log.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${log}`)));
  });
}

// Polls `fn` in the page from Node. (page.waitForFunction compiles its predicate in the page,
// which the page's Content-Security-Policy rightly forbids.)
async function waitUntil(page, fn, arg) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    if (await page.evaluate(fn, arg)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${fn}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

const statusText = (page) => page.locator('#result-status').textContent();

// axe-core's WCAG 2.1 A and AA rules on the page as it is: the violations, briefly, and how many
// rules passed (so that a run that checked nothing cannot pass unnoticed). The script
// is evaluated through the DevTools protocol, which the page's CSP does not govern (a <script>
// tag would be refused, as it should be).
const AXE_SOURCE = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
async function axeViolations(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return {
      violations: result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`),
      passes: result.passes.length,
    };
  });
}
const totalOf = (text) => {
  const m = text.match(/^([\d,]+) /);
  return m ? Number(m[1].replace(/,/g, '')) : 0;
};

async function main() {
  step('indexing the seed, data/archive and the roles fixture');
  const db = join(work, 'index');
  // The gazetteer and themes are named, not found relative to the working directory.
  const indexed = spawnSync(binary, ['index', '--db', db,
    '--gazetteer', join(source, 'data', 'gazetteer.yaml'), '--themes', join(source, 'data', 'themes.yaml'),
    join(shared, 'corpus', 'seed'), join(source, 'data', 'archive'),
    join(source, 'tests', 'fixtures', 'roles')], { encoding: 'utf8' });
  // 1 = some files refused (reported), the rest indexed; 2 = nothing written.
  if (indexed.status !== 0 && indexed.status !== 1) die(`index failed: ${indexed.stderr}`);

  // Two blogs: the first is allowed by --allow-origin, the second is not.
  const allowedBlog = await blogServer();
  const otherBlog = await blogServer();
  const base = await startServer(db, allowedBlog.origin);
  allowedBlog.setBase(base);
  otherBlog.setBase(base);
  step(`server ${base}, allowed blog ${allowedBlog.origin}, other blog ${otherBlog.origin}`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  cleanups.unshift(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });

  // --- types a query and sees results --------------------------------------------------------
  step('typing a query');
  await page.goto(`${base}/search?per_page=3`);
  await page.locator('#q').fill('council');
  await page.locator('#q').press('Enter');
  await waitUntil(page, () => document.querySelector('#result-status').textContent.includes('\u201ccouncil\u201d'));
  await page.waitForURL(/q=council/);
  const first = await statusText(page);
  const total = totalOf(first);
  assert.ok(total > 3, `expected results for council, got "${first}"`);
  assert.equal(await page.locator('#hits .hit').count(), 3);
  assert.ok(await page.locator('#hits .hit-snippet mark').count() > 0, 'snippets highlight matches');
  const orgCountsBefore = await page.locator('#facet-org .facet-count').allTextContents();
  await page.screenshot({ path: join(out, 'page.png'), fullPage: true });

  // --- ticks a speaker: hits and counts change -----------------------------------------------
  step('ticking a speaker');
  const option = page.locator('#facet-speaker .facet-option').first();
  const speaker = (await option.locator('.facet-name').textContent()).trim();
  const speakerCount = Number((await option.locator('.facet-count').textContent()).replace(/,/g, ''));
  assert.ok(speakerCount > 3 && speakerCount < total, `speaker ${speaker} has ${speakerCount} of ${total}`);
  await option.locator('input').check();
  await page.waitForURL(/speaker=/);
  await waitUntil(page, (n) => document.querySelector('#result-status').textContent.startsWith(`${n} `), speakerCount);
  for (const name of await page.locator('#hits .hit-speaker').allTextContents()) assert.equal(name, speaker);
  const orgCountsAfter = await page.locator('#facet-org .facet-count').allTextContents();
  assert.notDeepEqual(orgCountsAfter, orgCountsBefore, 'organisation counts follow the speaker filter');
  assert.ok(await page.locator(`#facet-speaker input[value="${speaker}"]`).isChecked());
  await page.screenshot({ path: join(out, 'filtered.png'), fullPage: true });

  // --- pages ------------------------------------------------------------------------------------
  step('paging');
  const firstSnippets = await page.locator('#hits .hit-snippet').allTextContents();
  await page.locator('#pagination a[rel="next"]').click();
  await page.waitForURL(/page=2/);
  await waitUntil(page, () => document.querySelector('#result-status').textContent.includes('page 2'));
  assert.equal(await page.locator('#hits').getAttribute('start'), '4');
  const secondSnippets = await page.locator('#hits .hit-snippet').allTextContents();
  assert.notDeepEqual(secondSnippets, firstSnippets, 'page 2 shows other hits');

  // --- back restores the earlier states from the URL ------------------------------------------
  step('going back');
  await page.goBack();
  await waitUntil(page, () => !location.search.includes('page=2'));
  await waitUntil(page, () => !document.querySelector('#result-status').textContent.includes('page 2'));
  assert.deepEqual(await page.locator('#hits .hit-snippet').allTextContents(), firstSnippets);
  await page.goBack();
  await waitUntil(page, () => !location.search.includes('speaker='));
  await waitUntil(page, (n) => document.querySelector('#result-status').textContent.startsWith(`${n} `), total);
  assert.equal(await page.locator(`#facet-speaker input[value="${speaker}"]`).isChecked(), false);
  assert.equal(await page.locator('#q').inputValue(), 'council');
  await page.goForward();
  await waitUntil(page, () => location.search.includes('speaker='));
  await waitUntil(page, (n) => document.querySelector('#result-status').textContent.startsWith(`${n} `), speakerCount);
  assert.ok(await page.locator(`#facet-speaker input[value="${speaker}"]`).isChecked());

  // --- the filter box inside a long facet searches the whole facet ------------------------------
  step('filtering the speaker facet');
  const speakerFilter = page.locator('.facet-filter[data-facet="speaker"]');
  assert.ok(await speakerFilter.isVisible(), 'a long facet shows its filter box');
  await speakerFilter.fill('longl');
  await waitUntil(page, () => [...document.querySelectorAll('#facet-speaker .facet-name')]
    .map((e) => e.textContent).join('|').includes('Sarah Longlands'));
  for (const name of await page.locator('#facet-speaker .facet-name').allTextContents()) {
    assert.ok(name === speaker || /longl/i.test(name), `filtered speaker list shows ${name}`);
  }
  assert.ok(await page.locator(`#facet-speaker input[value="${speaker}"]`).isChecked(), 'the ticked speaker stays');
  // Emptied, the box gives back the search's own counts.
  const api = await (await fetch(`${base}/api/search?q=council&speaker=${encodeURIComponent(speaker)}&per_page=3`)).json();
  await speakerFilter.fill('');
  await waitUntil(page, (n) => document.querySelectorAll('#facet-speaker .facet-option').length === n,
    api.facets.speaker.length);

  // --- a hit reads the same with and without the script -----------------------------------------
  step('comparing the server-rendered and scripted hit lines');
  const metaQuery = 'minibuses OR timetable OR drivers OR lifeline';
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plainPage = await noScript.newPage();
  await plainPage.goto(`${base}/search?q=${encodeURIComponent(metaQuery)}`);
  const serverLines = await plainPage.locator('#hits .hit-meta').allTextContents();
  const serverWho = await plainPage.locator('#hits .hit-who').allTextContents();
  await noScript.close();
  assert.ok(serverLines.length >= 3, `hits for ${metaQuery}: ${serverLines.length}`);
  assert.ok(serverWho.some((who) => / \u00b7 [^,]+, /.test(who)), `a speaker · role, organisation line: ${serverWho}`);
  assert.ok(serverLines.some((line) => line.includes(' \u00b7 by ')), `a "by" author: ${serverLines}`);
  await page.goto(`${base}/search`);
  await page.locator('#q').fill(metaQuery);
  await page.locator('#q').press('Enter');
  await waitUntil(page, (q) => document.querySelector('#result-status').textContent.includes(`\u201c${q}\u201d`), metaQuery);
  assert.deepEqual(await page.locator('#hits .hit-meta').allTextContents(), serverLines);
  assert.deepEqual(await page.locator('#hits .hit-who').allTextContents(), serverWho);

  // --- a search with the keyboard alone ----------------------------------------------------------
  step('searching with the keyboard alone');
  const keys = await context.newPage();
  keys.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await keys.goto(`${base}/`);
  await keys.keyboard.press('Tab');
  assert.equal(await keys.evaluate(() => document.activeElement.className), 'skip-link');
  let tabs = 0;
  while (tabs++ < 5 && await keys.evaluate(() => document.activeElement.id) !== 'q') await keys.keyboard.press('Tab');
  assert.equal(await keys.evaluate(() => document.activeElement.id), 'q', 'the search box is reached by Tab');
  await keys.keyboard.type('transp');
  await keys.locator('#q-suggestions li[role="option"]').first().waitFor();
  // Arrow down to "transparency" and take it with Enter.
  const options = await keys.locator('#q-suggestions li').allTextContents();
  const target = options.indexOf('transparency');
  assert.ok(target >= 0, `suggestions offer transparency: ${options}`);
  for (let i = 0; i <= target; i++) await keys.keyboard.press('ArrowDown');
  assert.equal(await keys.locator('#q').getAttribute('aria-activedescendant'), `q-suggestion-${target}`);
  await keys.keyboard.press('Enter');
  await waitUntil(keys, () => document.querySelector('#result-status').textContent.includes('\u201ctransparency'));
  assert.ok(await keys.locator('#hits .hit').count() > 0);
  // Then tick the first theme with Tab + Space from the sort control.
  await keys.locator('#sort').focus();
  let guard = 0;
  const visited = [];
  while (guard++ < 60 && !(await keys.evaluate(() => document.activeElement.name === 'theme'))) {
    await keys.keyboard.press('Tab');
    visited.push(await keys.evaluate(() => `${document.activeElement.tagName}#${document.activeElement.id}[${document.activeElement.name || ''}]`));
  }
  assert.equal(await keys.evaluate(() => document.activeElement.name), 'theme', `Tab reaches the theme boxes: ${visited.join(' ')}`);
  const theme = await keys.evaluate(() => document.activeElement.value);
  await keys.keyboard.press('Space');
  await keys.waitForURL(/theme=/);
  assert.equal(await keys.evaluate(() => document.activeElement.value), theme, 'focus stays on the ticked box');
  await keys.close();

  // --- the embedded box on an allowed blog, and on a blog that is not allowed ------------------
  step('embedding on an allowed blog');
  const blog = await context.newPage();
  blog.on('pageerror', (e) => problems.push(`blog page error: ${e.message}`));
  await blog.goto(`${allowedBlog.origin}/`);
  const box = blog.locator('.civic-search-embed input[type="search"]');
  assert.equal(await box.getAttribute('placeholder'), 'Search this blog');
  await box.fill('volunteering');
  await box.press('Enter');
  await blog.locator('.civic-search-embed .civic-hit').first().waitFor();
  assert.equal(await blog.locator('.civic-search-embed .civic-hit').count(), 3);
  assert.ok((await blog.locator('.civic-search-embed .civic-status').textContent()).includes('results'));
  const titleColour = await blog.locator('.civic-search-embed .civic-hit-title').first().evaluate((a) => getComputedStyle(a).color);
  assert.equal(titleColour, 'rgb(123, 45, 139)', 'the host sets --civic-accent, its a{} rule does not leak in');
  const hostSpacing = await blog.locator('#host-text').evaluate((p) => getComputedStyle(p).letterSpacing);
  assert.equal(hostSpacing, '3px', 'embed styles do not leak out');
  const snippetSpacing = await blog.locator('.civic-search-embed .civic-snippet').first().evaluate((p) => getComputedStyle(p).letterSpacing);
  assert.equal(snippetSpacing, 'normal', 'host p{} styles do not leak in');
  const frame = blog.frameLocator('#frame');
  await frame.locator('.civic-hit').first().waitFor();
  assert.equal(await frame.locator('.civic-hit').count(), 2);
  await blog.locator('.civic-search-embed').scrollIntoViewIfNeeded();
  await blog.screenshot({ path: join(out, 'embed.png'), fullPage: true });

  step('embedding on a blog that is not allowed');
  const other = await context.newPage();
  const corsErrors = [];
  other.on('console', (m) => { if (m.type() === 'error') corsErrors.push(m.text()); });
  await other.goto(`${otherBlog.origin}/`);
  const otherBox = other.locator('.civic-search-embed input[type="search"]');
  await otherBox.fill('volunteering');
  await otherBox.press('Enter');
  await waitUntil(other, () => {
    const host = document.querySelector('.civic-search-embed');
    return host && host.shadowRoot.querySelector('.civic-status').textContent.includes('not available');
  });
  assert.equal(await other.locator('.civic-search-embed .civic-hit').count(), 0);
  await other.close();
  await blog.close();

  // --- scripts off: the same search through the plain GET form ---------------------------------
  step('searching with scripts off');
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const nojs = await plain.newPage();
  await nojs.goto(`${base}/search?per_page=3`);
  await nojs.locator('#q').fill('council');
  await nojs.locator('.search-button').click();
  await nojs.waitForURL(/\/search\?q=council&per_page=3/);
  assert.ok((await nojs.locator('#hits .hit').count()) > 0, 'server-rendered hits');
  await nojs.locator(`#facet-speaker input[value="${speaker}"]`).check();
  await nojs.locator('.apply-button').click();
  await nojs.waitForURL(/speaker=/);
  assert.ok((await statusText(nojs)).startsWith(`${speakerCount} `), 'the form submits the ticked speaker');
  await nojs.locator('#pagination a[rel="next"]').click();
  await nojs.waitForURL(/page=2/);
  await nojs.screenshot({ path: join(out, 'no-script.png'), fullPage: true });
  await plain.close();

  // --- the timeline and "who said it most", with scripts and without -----------------------------
  await checkTimelineAndPanel(browser, page, base, problems);

  // --- a result's unit page, its talk, and back to the results -----------------------------------
  step('from a result to its unit page, its talk, and back');
  const readQuery = '"branch libraries"';
  await page.goto(`${base}/search`);
  await page.locator('#q').fill(readQuery);
  await page.locator('#q').press('Enter');
  await waitUntil(page, (q) => document.querySelector('#result-status').textContent.includes(`\u201c${q}\u201d`), readQuery);
  const resultsUrl = page.url();
  const hitLink = page.locator('#hits .hit-title a').first();
  const unitPath = await hitLink.getAttribute('href');
  assert.match(unitPath, /^\/units\/[^/]+$/, 'a hit links to its unit page');
  const hitText = (await page.locator('#hits .hit-snippet').first().textContent()).trim();
  await hitLink.click();
  await page.waitForURL((url) => url.pathname === unitPath);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal((await page.locator('[aria-current="true"] mark').textContent()).trim(), hitText, 'the unit is marked in its context');
  const unitUrl = page.url();
  await page.locator('.reading-links a', { hasText: 'The whole talk' }).click();
  await page.waitForURL(/\/talks\//);
  assert.equal(await page.locator('h1').count(), 1);
  assert.ok((await page.locator('.reading-units').textContent()).includes(hitText), 'the talk holds the unit');
  const talkUrl = page.url();
  const postUrl = new URL(await page.locator('.reading-meta a').first().getAttribute('href'), talkUrl).href;
  await page.goBack();
  await page.waitForURL(unitUrl);
  await page.goBack();
  await page.waitForURL(resultsUrl);
  await waitUntil(page, (q) => document.querySelector('#result-status').textContent.includes(`\u201c${q}\u201d`), readQuery);
  assert.equal(await page.locator('#q').inputValue(), readQuery, 'back at the results of the search');
  assert.equal(await page.locator('#hits .hit-title a').first().getAttribute('href'), unitPath);

  // --- a speaker's name in a result leads to the speaker's page, with scripts and without --------
  step('from a result\'s speaker to the speaker\'s page, and their organisation\'s');
  const plainProfiles = await browser.newContext({ javaScriptEnabled: false });
  for (const [tab, how] of [[page, 'scripted'], [await plainProfiles.newPage(), 'server-rendered']]) {
    await tab.goto(`${base}/search?q=${encodeURIComponent('local economies')}`);
    if (tab === page) {
      // The scripted list replaces the server's: wait for it, then take its link.
      await waitUntil(tab, () => document.querySelector('#result-status').textContent.includes('local economies'));
    }
    const speakerLink = tab.locator('#hits .hit-speaker a', { hasText: 'Sarah Longlands' }).first();
    assert.equal(await speakerLink.getAttribute('href'), '/speakers/sarah-longlands', `${how}: the speaker's name links to their page`);
    await speakerLink.click();
    await tab.waitForURL((url) => url.pathname === '/speakers/sarah-longlands');
    assert.equal((await tab.locator('h1').textContent()).trim(), 'Sarah Longlands', `${how}: the speaker page is hers`);
    assert.ok((await tab.locator('main').textContent()).includes('Centre for Local Economic Strategies'),
      `${how}: her page names her organisation`);
    await tab.locator('main a', { hasText: 'Centre for Local Economic Strategies' }).first().click();
    await tab.waitForURL((url) => url.pathname === '/orgs/centre-for-local-economic-strategies');
    assert.ok((await tab.locator('main').textContent()).includes('Sarah Longlands'), `${how}: the organisation lists her`);
  }
  await plainProfiles.close();

  step('axe-core on the unit, talk, post and profile pages, light and dark');
  for (const colorScheme of ['light', 'dark']) {
    const reading = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const tab = await reading.newPage();
    tab.on('pageerror', (e) => problems.push(`reading page error: ${e.message}`));
    // The missing page's own 404 is logged as a failed load; nothing else may be.
    tab.on('console', (m) => {
      if (m.type() === 'error' && !/\/(units\/no-such-unit|speakers\/no-such-speaker)$/.test(tab.url())) problems.push(`reading console: ${m.text()}`);
    });
    for (const [name, url] of [['unit', unitUrl], ['talk', talkUrl], ['post', postUrl], ['missing', `${base}/units/no-such-unit`],
                               ['speaker', `${base}/speakers/sarah-longlands`],
                               ['org', `${base}/orgs/centre-for-local-economic-strategies`],
                               ['event', `${base}/events/north-west-employers-big-society-conference`],
                               ['missing-speaker', `${base}/speakers/no-such-speaker`]]) {
      await tab.goto(url);
      assert.equal(await tab.locator('h1').count(), 1, `${name} page: exactly one h1`);
      assert.equal(await tab.locator('html').getAttribute('lang'), 'en');
      const axe = await axeViolations(tab);
      assert.deepEqual(axe.violations, [], `${name} page (${colorScheme}): no WCAG 2.1 A/AA violations`);
      assert.ok(axe.passes >= 10, `${name} page (${colorScheme}): axe ran ${axe.passes} rules`);
      await tab.screenshot({ path: join(out, `${name}-${colorScheme}.png`), fullPage: name !== 'post' });
    }
    // A speaker's name on her page's organisation leads back to her.
    await tab.goto(`${base}/orgs/centre-for-local-economic-strategies`);
    await tab.locator('a', { hasText: 'Sarah Longlands' }).first().click();
    await tab.waitForURL(/\/speakers\/sarah-longlands$/);
    await reading.close();
  }
  step('the Cite control copies a citation; oEmbed discovery leads to the quote card');
  const citing = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await citing.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const cite = await citing.newPage();
  cite.on('pageerror', (e) => problems.push(`cite page error: ${e.message}`));
  await cite.goto(unitUrl);
  await cite.locator('#cite summary').click();
  const copy = cite.locator('button.copy[data-copy="cite-bibtex"]');
  assert.ok(await copy.isVisible(), 'the page script reveals the copy buttons');
  await copy.click();
  await waitUntil(cite, () => document.getElementById('cite-status').textContent.includes('copied'));
  assert.equal(await cite.evaluate(() => navigator.clipboard.readText()),
    await cite.locator('#cite-bibtex').textContent(), 'the BibTeX citation is on the clipboard');
  const citeAxe = await axeViolations(cite);
  assert.deepEqual(citeAxe.violations, [], 'the open Cite control: no WCAG 2.1 A/AA violations');
  await cite.screenshot({ path: join(out, 'unit-cite.png'), fullPage: true });
  const oembedHref = await cite.locator('link[rel="alternate"][type="application/json+oembed"]').getAttribute('href');
  const oembed = await (await cite.request.get(oembedHref)).json();
  assert.equal(oembed.type, 'rich');
  const cardSrc = /src="([^"]+)"/.exec(oembed.html)[1].replace(/&amp;/g, '&');
  await cite.goto(cardSrc);
  assert.ok((await cite.locator('blockquote').textContent()).includes(hitText), 'the card quotes the unit');
  const cardAxe = await axeViolations(cite);
  assert.deepEqual(cardAxe.violations, [], 'the quote card: no WCAG 2.1 A/AA violations');
  await cite.setViewportSize({ width: oembed.width, height: oembed.height });
  await cite.screenshot({ path: join(out, 'quote-card.png') });
  await citing.close();

  // The README's picture of a unit page (docs/unit-page.png is a copy of it).
  const readme = await browser.newContext({ viewport: { width: 1200, height: 760 }, colorScheme: 'light' });
  const shot = await readme.newPage();
  await shot.goto(unitUrl);
  await shot.screenshot({ path: join(out, 'readme-unit-page.png') });
  await readme.close();

  // --- phone width and dark mode, for the screenshots ---------------------------------------------
  step('phone width, dark mode');
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', deviceScaleFactor: 1 });
  const mobile = await phone.newPage();
  await mobile.goto(`${base}/search?q=local+economies`);
  const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
  await mobile.screenshot({ path: join(out, 'phone-dark.png') });
  await phone.close();

  assert.deepEqual(problems, [], 'no script errors or CSP violations on our pages');
  step(`passed; screenshots in ${out}`);
}

// The dates of the hits shown, and who said them.
const hitDates = (page) => page.locator('#hits .hit-date').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
const hitSpeakers = (page) => page.locator('#hits .hit-speaker').allTextContents();

// A bar of the timeline narrows the search to its interval, and an entry of "who said it most" to
// its speaker: in place with scripts (the URL follows), by plain links without. axe-core on the
// page with both, light and dark, the table open.
async function checkTimelineAndPanel(browser, page, base, problems) {
  const query = 'council';
  step('the timeline: a bar narrows the search to its interval in place');
  await page.goto(`${base}/search?q=${query}`);
  const bars = page.locator('#timeline a.bar');
  assert.ok(await bars.count() > 1, 'the page shows a timeline with several bars');
  const bar = bars.nth(1);
  const barHref = new URL(await bar.getAttribute('href'), base);
  const from = barHref.searchParams.get('from');
  const to = barHref.searchParams.get('to');
  const barLabel = await bar.locator('title').textContent(); // its accessible name
  const barUnits = Number(/: ([\d,]+) units?$/.exec(barLabel)[1].replace(/,/g, ''));
  assert.ok(from && to && from <= to, `the bar links to its interval: ${barHref}`);
  const summaryBefore = await page.locator('.timeline-summary').textContent();
  await bar.click();
  await page.waitForURL((url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to);
  await waitUntil(page, (n) => document.querySelector('#result-status').textContent.startsWith(`${n} `), barUnits);
  assert.equal(await page.locator('#from').inputValue(), from, 'the date fields follow');
  assert.equal(await page.locator('#to').inputValue(), to);
  const dates = await hitDates(page);
  assert.ok(dates.length > 0, 'hits in the interval');
  for (const date of dates) assert.ok(date >= from && date <= to, `${date} lies in ${from}..${to}`);
  // The chart is redrawn for the narrowed search, its bars inside the interval.
  await waitUntil(page, (before) => document.querySelector('.timeline-summary').textContent !== before, summaryBefore);
  for (const href of await page.locator('#timeline a.bar').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    const p = new URL(href, base).searchParams;
    assert.ok(p.get('from') >= from && p.get('to') <= to, `a redrawn bar stays in ${from}..${to}: ${href}`);
  }
  await page.goBack();
  await waitUntil(page, () => !location.search.includes('from='));
  await waitUntil(page, (before) => document.querySelector('.timeline-summary').textContent === before, summaryBefore);

  step('who said it most: an entry narrows the search to its speaker in place');
  const entry = page.locator('#who-said .who-name').first();
  const speaker = (await entry.textContent()).trim();
  const speakerUnits = Number((await page.locator('#who-said .who-count').first().textContent()).replace(/[^\d]/g, ''));
  const pageHref = await page.locator('#who-said .who-page').first().getAttribute('href');
  assert.match(pageHref, /^\/speakers\/[a-z0-9-]+$/, 'the entry links to the speaker\'s page');
  await entry.click();
  await page.waitForURL((url) => url.searchParams.get('speaker') === speaker);
  await waitUntil(page, (n) => document.querySelector('#result-status').textContent.startsWith(`${n} `), speakerUnits);
  const speakers = await hitSpeakers(page);
  assert.ok(speakers.length > 0);
  for (const name of speakers) assert.equal(name, speaker);
  assert.ok(await page.locator(`#facet-speaker input[value="${speaker}"]`).isChecked(), 'the facet box follows');
  await waitUntil(page, (name) => [...document.querySelectorAll('#who-said .who-name')].map((a) => a.textContent).join('|') === name, speaker);

  step('the chart\'s choices: share and a split by speaker, in place');
  await page.goto(`${base}/search?q=${query}`);
  await page.locator('#timeline .link-switch a', { hasText: 'Share of all that was said' }).click();
  await page.waitForURL(/chart=share/);
  await waitUntil(page, () => document.querySelector('.timeline-summary').textContent.includes('share'));
  await page.locator('#timeline .link-switch a', { hasText: 'Speaker' }).click();
  await page.waitForURL(/split=speaker/);
  await waitUntil(page, () => document.querySelectorAll('.timeline-legend li').length > 1);
  assert.ok(page.url().includes('chart=share'), 'the split keeps the share');
  // "Compare with" adds a query drawn as a line, in place; focus stays in the box.
  await page.locator('#compare-q').fill('housing');
  await page.locator('#compare-q').press('Enter');
  await page.waitForURL(/compare=housing/);
  await waitUntil(page, () => document.querySelector('.timeline-legend').textContent.includes('\u201chousing\u201d'));
  assert.equal(await page.locator('#timeline polyline.c0').count(), 1, 'the compared query is a line');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'compare-q');
  // A new search keeps the view.
  await page.locator('#q').fill('housing');
  await page.locator('#q').press('Enter');
  await page.waitForURL(/q=housing/);
  assert.ok(page.url().includes('chart=share') && page.url().includes('split=speaker'), `the view outlives a new search: ${page.url()}`);

  step('the timeline and the panel without scripts');
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const nojs = await plain.newPage();
  await nojs.goto(`${base}/search?q=${query}`);
  await nojs.locator('#timeline a.bar').nth(1).click();
  await nojs.waitForURL((url) => url.searchParams.get('from') === from && url.searchParams.get('to') === to);
  assert.ok((await statusText(nojs)).startsWith(`${barUnits} `));
  for (const date of await hitDates(nojs)) assert.ok(date >= from && date <= to, `${date} lies in ${from}..${to}`);
  await nojs.goto(`${base}/search?q=${query}`);
  await nojs.locator('#who-said .who-name').first().click();
  await nojs.waitForURL((url) => url.searchParams.get('speaker') === speaker);
  for (const name of await hitSpeakers(nojs)) assert.equal(name, speaker);
  await nojs.locator('#compare-q').fill('housing');
  await nojs.locator('.timeline-compare button').click();
  await nojs.waitForURL(/compare=housing/);
  assert.ok(new URL(nojs.url()).searchParams.get('speaker') === speaker, 'the comparison keeps the search');
  assert.ok((await nojs.locator('.timeline-legend').textContent()).includes('\u201chousing\u201d'));
  await plain.close();

  step('axe-core on the search page with the timeline and the panel, light and dark');
  for (const colorScheme of ['light', 'dark']) {
    const themed = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const tab = await themed.newPage();
    tab.on('pageerror', (e) => problems.push(`search page error: ${e.message}`));
    for (const target of [`/search?q=${query}`, `/search?q=${query}&split=speaker&chart=share&measure=share&compare=housing`]) {
      await tab.goto(base + target);
      await tab.locator('.timeline-table summary').click();
      const axe = await axeViolations(tab);
      assert.deepEqual(axe.violations, [], `${target} (${colorScheme}): no WCAG 2.1 A/AA violations`);
      assert.ok(axe.passes >= 10, `${target} (${colorScheme}): axe ran ${axe.passes} rules`);
    }
    // Keyboard: a bar takes the focus and shows it.
    await tab.goto(`${base}/search?q=${query}`);
    await tab.locator('#timeline a.bar').first().focus();
    assert.equal(await tab.evaluate(() => document.activeElement.getAttribute('class')), 'bar');
    await tab.screenshot({ path: join(out, `search-timeline-${colorScheme}.png`), fullPage: true });
    await themed.close();
  }
  // The README's picture of the search page with its timeline and panel
  // (docs/search-timeline.png is a compressed copy of it).
  const readme = await browser.newContext({ viewport: { width: 1200, height: 800 }, colorScheme: 'light' });
  const shot = await readme.newPage();
  await shot.goto(`${base}/search?q=community&split=speaker`);
  await shot.screenshot({ path: join(out, 'readme-search-timeline.png') });
  await readme.close();
}

main().then(() => finish(0), (err) => {
  console.error(`browser test: FAILED: ${err.stack || err}`);
  finish(1);
});

async function finish(code) {
  for (const cleanup of cleanups) {
    try { await cleanup(); } catch { /* best effort */ }
  }
  process.exit(code);
}
