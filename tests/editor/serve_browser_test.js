// `merrow serve` in a real browser: Debian's Chromium, headless, driven by playwright-core (no
// browser download). The page must show every diagram as inline SVG, follow saves without a
// reload (measured: save to changed SVG), show an error with its line while keeping the last
// good drawing, and the server must refuse every path outside the served folder.
//
// MERROW_BIN: the merrow binary (default ../../build/merrow); MERROW_CHROMIUM: the browser
// (default /usr/bin/chromium); MERROW_SCREENSHOT_DIR: where to leave screenshots of the page.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { after, before, describe, it } = require('node:test');
const { chromium } = require('playwright-core');

const merrow = path.resolve(process.env.MERROW_BIN ?? path.join(__dirname, '../../build/merrow'));
const chromiumPath = process.env.MERROW_CHROMIUM ?? '/usr/bin/chromium';
const tier = fs.readFileSync(path.join(__dirname, '../../samples/tier.mmd'), 'utf8');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'merrow-serve-'));
const site = path.join(work, 'site');
const outside = path.join(work, 'outside');
const post = path.join(site, 'posts', 'post.md');
const shots = process.env.MERROW_SCREENSHOT_DIR ?? work;

// The post: the tier diagram, then a small one whose label the test edits (line 12).
function postText(label, broken = false) {
  return [
    '---', 'title: "Tiers"', '---', '', '# Tiers', '', '```mermaid', tier.trimEnd(), '```', '',
    '```mermaid', 'flowchart LR',
    broken ? `    Draft --> Review[${label} (oops]` : `    Draft --> Review[${label}]`,
    '    Review --> Published', '```', '',
  ].join('\n');
}
// Line of the edited node in the file: after the front matter, heading and the tier block.
const editedLine = 7 + tier.trimEnd().split('\n').length + 5;

let server;
let base;
let port;
let browser;
let page;
const latencies = [];

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(merrow, ['serve', site, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ child, port: Number(m[1]), base: m[0] });
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('exit', (code) => reject(new Error(`merrow serve exited with ${code}: ${out}`)));
    setTimeout(() => reject(new Error('merrow serve did not start: ' + out)), 10000).unref();
  });
}

// A request exactly as written, without the URL normalisation a browser or http client does.
function rawGet(target, host = `127.0.0.1:${port}`) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk) => { data += chunk; });
    socket.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
    socket.on('error', reject);
  });
}

// Resolves (in the page) with Date.now() at the moment `predicate` first holds for the
// document, watching DOM mutations so no polling delay is added to the measurement.
function pageWhen(predicateSource, arg) {
  return page.evaluate(
    ([source, value]) => new Promise((resolve) => {
      const predicate = new Function('value', source);
      if (predicate(value)) { resolve(Date.now()); return; }
      const observer = new MutationObserver(() => {
        if (predicate(value)) { observer.disconnect(); resolve(Date.now()); }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    }),
    [predicateSource, arg],
  );
}

const figureSvgHas = `
  const svg = document.querySelector('[data-path="posts/post.md"] figure[data-index="1"] .canvas svg');
  return !!svg && svg.textContent.includes(value);`;

describe('merrow serve in headless Chromium', () => {
  before(async () => {
    fs.mkdirSync(path.dirname(post), { recursive: true });
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(post, postText('First draft'));
    fs.writeFileSync(path.join(site, 'notes.mmd'), 'graph TD\n  Idea --> Note\n');
    fs.writeFileSync(path.join(site, 'readme.txt'), 'not a diagram\n');
    // A file outside the folder, and a link to it inside: neither may be served.
    fs.writeFileSync(path.join(outside, 'secret.md'), 'SECRET-CONTENT\n```mermaid\ngraph TD\n  SECRET --> X\n```\n');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(site, 'posts', 'escape.md'));
    ({ child: server, port, base } = await startServer());
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => { throw e; });
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.on('exit', resolve));
      server.kill('SIGTERM');
      assert.equal(await exited, 0, 'merrow serve stops cleanly on SIGTERM');
    }
    if (latencies.length) {
      console.log(`# save-to-page latencies (ms): ${latencies.join(', ')}`);
    }
    if (shots === work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('listens on 127.0.0.1 only', () => {
    // /proc/net/tcp lists listening sockets with their local address in hex (0100007F: 127.0.0.1).
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const rows = ['/proc/net/tcp', '/proc/net/tcp6']
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').slice(1))
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[1] && cols[1].endsWith(':' + hexPort) && cols[3] === '0A');
    assert.equal(rows.length, 1);
    assert.equal(rows[0][1], '0100007F:' + hexPort);
  });

  it('shows every diagram of the folder as inline SVG', async () => {
    await page.goto(base);
    await page.waitForSelector('figure.diagram .canvas svg');
    await page.waitForFunction(() => document.querySelectorAll('figure.diagram .canvas svg').length === 3);
    const docs = await page.$$eval('section.doc', (s) => s.map((x) => x.dataset.path));
    assert.deepEqual(docs, ['notes.mmd', 'posts/post.md'], 'the link to a file outside is not listed');
    const text = await page.textContent('[data-path="posts/post.md"] figure[data-index="0"] svg');
    assert.match(text, /G1: HBM \(High Bandwidth/);
    assert.match(await page.textContent('[data-path="posts/post.md"] figure[data-index="1"] figcaption'),
      new RegExp(`posts/post.md:${editedLine - 1}`));
    assert.equal(await page.textContent('#status'), 'live');
    await page.screenshot({ path: path.join(shots, 'serve-light.png'), fullPage: true });
  });

  // The latency is printed, not asserted: these machines are shared, and a timed assertion would
  // fail on load rather than on a defect. (Unloaded, the median is about 30 ms.)
  it('updates the SVG on save, without a reload', async () => {
    const pageId = await page.evaluate(() => window.merrowPageId);
    for (let i = 1; i <= 7; i++) {
      const label = `Edit number ${i}`;
      const seen = pageWhen(figureSvgHas, label);
      const saved = Date.now();
      fs.writeFileSync(post, postText(label));
      latencies.push((await seen) - saved);
    }
    assert.equal(await page.evaluate(() => window.merrowPageId), pageId, 'the page was not reloaded');
    // The other diagrams are untouched by an edit elsewhere.
    assert.equal(await page.$$eval('figure.diagram .canvas svg', (s) => s.length), 3);
  });

  it('shows an error with its line while the last good drawing stays', async () => {
    const pageId = await page.evaluate(() => window.merrowPageId);
    const seen = pageWhen(`return !!document.querySelector('[data-path="posts/post.md"] figure[data-index="1"] .problem');`);
    fs.writeFileSync(post, postText('Broken', true));
    await seen;
    const figure = '[data-path="posts/post.md"] figure[data-index="1"]';
    const where = await page.textContent(`${figure} .problem .where`);
    assert.match(where, new RegExp(`^posts/post\\.md:${editedLine}:\\d+$`));
    assert.match(await page.textContent(`${figure} .problem-title`), /unexpected `\(` in a label/);
    assert.match(await page.textContent(`${figure} .problem pre`), /Draft --> Review\[Broken \(oops\]/);
    assert.match(await page.textContent(`${figure} .problem .hint`), /put the label in quotes/);
    // The last good drawing (from the previous test's last edit) is still shown, marked stale.
    assert.match(await page.textContent(`${figure} .canvas.stale svg`), /Edit number 7/);
    assert.match(await page.textContent(`${figure} figcaption`), /1 error/);
    // The error is counted in the table of contents too.
    assert.match(await page.textContent('#toc a.has-errors'), /posts\/post\.md/);
    assert.equal(await page.evaluate(() => window.merrowPageId), pageId);
    await page.screenshot({ path: path.join(shots, 'serve-error-light.png'), fullPage: true });
    await page.click('#theme'); // system → light
    await page.click('#theme'); // light → dark
    assert.equal(await page.evaluate(() => document.documentElement.className), 'dark');
    // The SVG follows the page's dark class: its node fill is the dark theme's.
    const fill = await page.$eval('[data-path="notes.mmd"] svg .node path, [data-path="notes.mmd"] svg .node rect',
      (n) => getComputedStyle(n).fill);
    assert.equal(fill, 'rgb(31, 32, 32)');
    await page.screenshot({ path: path.join(shots, 'serve-error-dark.png'), fullPage: true });
    await page.click('#theme'); // back to the system's

    // Fixing it brings the diagram back, current again.
    const fixed = pageWhen(figureSvgHas, 'Fixed');
    fs.writeFileSync(post, postText('Fixed'));
    await fixed;
    assert.equal(await page.$(`${figure} .problem`), null);
    assert.equal(await page.$(`${figure} .canvas.stale`), null);
  });

  it('zooms', async () => {
    const svg = '[data-path="notes.mmd"] svg';
    const natural = await page.$eval(svg, (s) => parseFloat(s.getAttribute('width')));
    await page.click('#zoom-level'); // fit → 100 %
    await page.click('#zoom-in'); // → 110 %
    await page.click('#zoom-in'); // → 125 %
    assert.equal(await page.textContent('#zoom-level'), '125%');
    const width = await page.$eval(svg, (s) => s.getBoundingClientRect().width);
    assert.ok(Math.abs(width - natural * 1.25) < 1, `${width} vs ${natural * 1.25}`);
    await page.click('#zoom-level'); // back to fit
    assert.equal(await page.textContent('#zoom-level'), 'Fit');
  });

  it('refuses paths outside the served folder', async () => {
    const attempts = [
      '/../etc/passwd',
      '/../../../../etc/passwd',
      '/doc/../../etc/passwd',
      '/doc/%2e%2e/%2e%2e/etc/passwd',
      '/doc/..%2f..%2fetc%2fpasswd',
      '/doc/posts/../../outside/secret.md',
      '/doc/posts/escape.md', // a symbolic link to a file outside
      '/doc//etc/passwd',
      '/events?doc=../outside/secret.md',
      '/api/state?doc=..%2Foutside%2Fsecret.md',
    ];
    for (const target of attempts) {
      const { status, text } = await rawGet(target);
      assert.equal(status, 403, target);
      assert.doesNotMatch(text, /root:|SECRET/, target);
    }
    // Inside the folder is fine; a foreign Host header (DNS rebinding) is not.
    assert.equal((await rawGet('/doc/posts/post.md')).status, 200);
    assert.equal((await rawGet('/doc/posts/missing.md')).status, 404);
    assert.equal((await rawGet('/', 'attacker.example')).status, 403);
    assert.equal((await rawGet('/', `localhost:${port}`)).status, 200);
    const state = JSON.parse((await rawGet('/api/state')).text.split('\r\n\r\n')[1]);
    assert.deepEqual(state.documents.map((d) => d.path), ['notes.mmd', 'posts/post.md']);
    // The browser's own request for such a path lands inside the folder, never outside it.
    const response = await page.goto(base + 'doc/posts/escape.md');
    assert.equal(response.status(), 403);
  });
});
