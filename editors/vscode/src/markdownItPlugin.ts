// The markdown-it plugin: ```mermaid fences become the diagram's SVG, inline; a diagram with
// errors shows them in place, at their line in the Markdown file, above the last drawing of
// that block that had none. Everything else is left to markdown-it.
import type MarkdownIt from 'markdown-it';
import type { Options, Renderer, Token } from 'markdown-it';

import type { Diagnostic } from './daemonClient';
import type { DiagramSource } from './preview';

export interface MermaidPluginOptions {
  diagrams: DiagramSource;
}

interface FenceMeta {
  merrowOrdinal?: number;
}

type Env = { currentDocument?: { toString(): string } } | undefined;

const maxLastGood = 200;

function isMermaid(token: Token): boolean {
  return token.type === 'fence' && token.info.trim().split(/\s+/)[0] === 'mermaid';
}

export function mermaidPlugin(md: MarkdownIt, options: MermaidPluginOptions): void {
  const escape = md.utils.escapeHtml;
  // The last drawing without errors of each block (document and position), so a typo does
  // not blank the diagram while it is being fixed.
  const lastGood = new Map<string, string>();

  // Number the mermaid fences of each document, so the renderer can tell them apart.
  md.core.ruler.push('merrow_ordinals', (state) => {
    let ordinal = 0;
    for (const token of state.tokens) {
      if (isMermaid(token)) {
        const meta = (token.meta ?? {}) as FenceMeta;
        meta.merrowOrdinal = ordinal++;
        token.meta = meta;
      }
    }
    return true;
  });

  const fallback =
    md.renderer.rules.fence ??
    ((tokens: Token[], idx: number, opts: Options, _env: unknown, self: Renderer) =>
      self.renderToken(tokens, idx, opts));

  md.renderer.rules.fence = (tokens, idx, opts, env: Env, self) => {
    const token = tokens[idx];
    if (token === undefined || !isMermaid(token)) {
      return fallback(tokens, idx, opts, env, self);
    }
    const ordinal = (token.meta as FenceMeta | null)?.merrowOrdinal ?? idx;
    const blockKey = `${env?.currentDocument?.toString() ?? ''}#${ordinal}`;
    // markdown-it's map is [fence line, line after the closing fence), 0-based.
    const firstLine = token.map ? token.map[0] + 2 : undefined;
    // Keep the attributes VS Code puts on blocks (data-line, code-line) for scroll sync.
    token.attrJoin('class', 'merrow-diagram');
    const outcome = options.diagrams.render(token.content);
    switch (outcome.kind) {
      case 'svg':
        lastGood.delete(blockKey); // most recent last
        lastGood.set(blockKey, outcome.svg);
        if (lastGood.size > maxLastGood) {
          const oldest = lastGood.keys().next().value;
          if (oldest !== undefined) {
            lastGood.delete(oldest);
          }
        }
        return `<div${self.renderAttrs(token)}>${outcome.svg}</div>\n`;
      case 'pending':
        token.attrJoin('class', 'merrow-pending');
        return (
          `<div${self.renderAttrs(token)}><div class="merrow-status">Rendering…</div>` +
          `${previous(lastGood.get(blockKey))}</div>\n`
        );
      case 'error': {
        token.attrJoin('class', 'merrow-has-error');
        const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
        const body =
          errors.length > 0
            ? errors.map((d) => describe(d, token.content, firstLine, escape)).join('')
            : `<div class="merrow-error-message">${escape(outcome.message)}</div>`;
        return (
          `<div${self.renderAttrs(token)}>` +
          `<div class="merrow-error" role="alert">${body}</div>` +
          `${previous(lastGood.get(blockKey))}</div>\n`
        );
      }
    }
  };
}

function previous(svg: string | undefined): string {
  return svg === undefined
    ? ''
    : `<div class="merrow-last-good" title="The last version without errors">${svg}</div>`;
}

// One error: where (in the Markdown file when the block's position is known), what, the
// offending line with a caret, and the hint.
function describe(
  d: Diagnostic,
  source: string,
  firstLine: number | undefined,
  escape: (s: string) => string,
): string {
  const line = firstLine === undefined ? d.line : firstLine + d.line - 1;
  const where = `line ${line}, column ${d.column}`;
  const text = source.split('\n')[d.line - 1] ?? '';
  const caretWidth = d.end.line === d.line ? Math.max(1, d.end.column - d.column) : 1;
  const caret = ' '.repeat(Math.max(0, d.column - 1)) + '^' + '~'.repeat(caretWidth - 1);
  const gutter = String(line);
  return (
    `<div class="merrow-error-item" data-merrow-line="${line}">` +
    `<div class="merrow-error-message"><span class="merrow-error-where">Mermaid error at ` +
    `${where}:</span> ${escape(d.message)}</div>` +
    `<pre class="merrow-error-source"><span class="merrow-gutter">${gutter} | </span>` +
    `${escape(text)}\n<span class="merrow-gutter">${' '.repeat(gutter.length)} | </span>` +
    `<span class="merrow-caret">${caret}</span></pre>` +
    (d.hint ? `<div class="merrow-error-hint">hint: ${escape(d.hint)}</div>` : '') +
    `</div>`
  );
}
