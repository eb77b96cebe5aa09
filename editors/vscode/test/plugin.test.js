// The markdown-it plugin in node, with the real `markdown-it` package and the real
// `merrow daemon` (MERROW_BIN, default ../../build/merrow). What VS Code's preview does is
// md.use(plugin) then md.render(text, env) on every change; these tests do the same.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const MarkdownIt = require('markdown-it');

// The compiled extension (MERROW_VSCODE_OUT when scripts/test-editor.sh compiled it elsewhere).
const out = path.resolve(process.env.MERROW_VSCODE_OUT ?? path.join(__dirname, '../out'));
const { mermaidPlugin } = require(path.join(out, 'markdownItPlugin'));
const { MermaidPreview, contentKey, defaultSettings } = require(path.join(out, 'preview'));
const { DaemonClient } = require(path.join(out, 'daemonClient'));

const merrow = path.resolve(process.env.MERROW_BIN ?? path.join(__dirname, '../../../build/merrow'));
const tier = fs.readFileSync(path.join(__dirname, '../../../samples/tier.mmd'), 'utf8');

function setup(settings = {}) {
  const preview = new MermaidPreview({ ...defaultSettings, command: merrow, ...settings });
  const md = new MarkdownIt().use(mermaidPlugin, { diagrams: preview });
  return { preview, md };
}

function post(diagram) {
  return ['# A post', '', 'Some prose.', '', '```mermaid', diagram.trimEnd(), '```', '',
    '```js', 'const x = "<b>";', '```', ''].join('\n');
}

test('a mermaid fence becomes inline SVG; other fences stay code', (t) => {
  const { preview, md } = setup();
  t.after(() => preview.dispose());
  const html = md.render(post(tier));
  assert.match(html, /<h1>A post<\/h1>/);
  assert.match(html, /<div class="merrow-diagram"><svg [^>]*role="img"/);
  assert.match(html, />G1: HBM \(High Bandwidth</);
  assert.match(html, />KV Cache Offload</);
  assert.doesNotMatch(html, /<\?xml/, 'no XML declaration inside HTML');
  // Both palettes, switched by VS Code's body classes.
  assert.match(html, /\.vscode-dark #merrow-/);
  assert.match(html, /\.vscode-light #merrow-/);
  assert.match(html, /<pre><code class="language-js">const x = &quot;&lt;b&gt;&quot;;/);
  assert.doesNotMatch(html, /```mermaid|language-mermaid/);
});

test('an error is shown in place, at its line in the Markdown file, escaped', (t) => {
  const { preview, md } = setup();
  t.after(() => preview.dispose());
  // Line 5 is the fence, so the diagram's line 3 is the file's line 8.
  const broken = 'graph TD\n  A --> B\n  B --> C[a <b>(x)</b>]\n';
  const html = md.render(post(broken));
  assert.match(html, /class="merrow-diagram merrow-has-error"/);
  assert.match(html, /Mermaid error at line 8, column \d+:<\/span> unexpected `\(` in a label/);
  assert.match(html, /data-merrow-line="8"/);
  assert.match(html, /8 \| <\/span>  B --&gt; C\[a &lt;b&gt;\(x\)&lt;\/b&gt;\]/, 'the line, escaped');
  assert.match(html, /class="merrow-caret">\s*\^/);
  assert.match(html, /hint: to use `\(` in a label, put the label in quotes/);
  assert.doesNotMatch(html, /<b>\(x\)/, 'diagram text never reaches the page unescaped');
});

test('a broken diagram keeps its last good drawing under the error', (t) => {
  const { preview, md } = setup();
  t.after(() => preview.dispose());
  const env = { currentDocument: { toString: () => 'file:///post.md' } };
  const good = md.render(post('graph LR\n  Draft --> Published\n'), env);
  assert.match(good, /Published/);
  const bad = md.render(post('graph LR\n  Draft --> Published[oops(\n'), env);
  assert.match(bad, /merrow-has-error/);
  assert.match(bad, /<div class="merrow-last-good"[^>]*><svg[\s\S]*Published/);
  // Another document does not inherit it.
  const other = md.render(post('graph LR\n  Draft --> Published[oops(\n'), {
    currentDocument: { toString: () => 'file:///other.md' },
  });
  assert.doesNotMatch(other, /merrow-last-good/);
});

test('diagrams are cached by content: re-rendering the page asks the daemon nothing', (t) => {
  const { preview, md } = setup();
  t.after(() => preview.dispose());
  const text = post(tier) + '\n' + post('graph TD\n  X --> Y\n');
  const first = md.render(text);
  const before = preview.status();
  assert.equal(before.requestCount, 2);
  // CRLF line endings and surrounding blank lines give the same key (Hugo's contract).
  assert.equal(contentKey('graph TD\r\n  X --> Y\r\n\n'), contentKey('graph TD\n  X --> Y'));
  for (let i = 0; i < 5; i++) {
    assert.equal(md.render(text), first);
  }
  const after = preview.status();
  assert.equal(after.requestCount, 2);
  assert.equal(after.startCount, 1, 'one daemon for the whole session');
});

test('a daemon that dies is started again by the next render', (t) => {
  const { preview, md } = setup();
  t.after(() => preview.dispose());
  assert.match(md.render(post('graph TD\n  One --> Two\n')), /<svg/);
  const { pid } = preview.status();
  assert.ok(pid > 0);
  process.kill(pid, 'SIGKILL');
  // Give the worker a moment to see the exit (a render racing the death is also retried).
  const deadline = Date.now() + 2000;
  while (preview.status().pid === pid && Date.now() < deadline) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  const html = md.render(post('graph TD\n  Three --> Four\n'));
  assert.match(html, /<svg[\s\S]*Four/);
  const status = preview.status();
  assert.notEqual(status.pid, pid);
  assert.equal(status.startCount, 2);
});

test('a missing executable is an error in place, not an exception', (t) => {
  const { preview, md } = setup({ command: '/nonexistent/merrow' });
  t.after(() => preview.dispose());
  const html = md.render(post('graph TD\n  A --> B\n'));
  assert.match(html, /merrow-has-error/);
  assert.match(html, /cannot start merrow: `\/nonexistent\/merrow` was not found/);
  // Not cached as a diagram error: fixing the setting makes it render.
  preview.configure({ ...defaultSettings, command: merrow });
  assert.match(md.render(post('graph TD\n  A --> B\n')), /<svg/);
});

test('a render that takes too long shows a placeholder, then the diagram', async (t) => {
  let late = 0;
  // A stand-in daemon that answers after 300 ms: the preview must not wait for it.
  const slow = path.join(__dirname, 'slow-daemon.sh');
  process.env.MERROW_REAL_BIN = merrow; // before the worker copies the environment
  const preview = new MermaidPreview(
    { ...defaultSettings, command: slow, timeoutMs: 50 },
    () => late++,
  );
  t.after(() => preview.dispose());
  const md = new MarkdownIt().use(mermaidPlugin, { diagrams: preview });
  const text = post('graph TD\n  Slow --> Done\n');
  assert.match(md.render(text), /merrow-pending[\s\S]*Rendering…/);
  const deadline = Date.now() + 5000;
  while (late === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(late, 1, 'the late result is announced (the extension refreshes the preview)');
  assert.match(md.render(text), /<svg[\s\S]*Done/);
});

test('the client pipelines requests and matches responses by id', async (t) => {
  const client = new DaemonClient({ command: merrow });
  t.after(() => client.dispose());
  const sources = ['graph TD\n  A --> B', 'graph TD\n  A --> ', 'graph LR\n  C --> D'];
  const responses = await Promise.all([
    ...sources.map((source) => client.request({ op: 'render', source })),
    client.request({ op: 'check', source: 'graph TD\n  A[x(y)]' }),
  ]);
  assert.equal(client.startCount, 1);
  assert.deepEqual(responses.map((r) => r.ok), [true, false, true, true]);
  assert.match(responses[0].svg, /<svg/);
  assert.equal(responses[1].error.code, 'diagram');
  assert.equal(responses[1].diagnostics[0].line, 2);
  assert.match(responses[2].svg, />D</);
  assert.equal(responses[3].valid, false);
  assert.equal(responses[3].diagnostics[0].message, 'unexpected `(` in a label');
});
