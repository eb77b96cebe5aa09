// Diagrams for the preview: a cache keyed by content hash in front of `merrow daemon`. The
// preview renders the whole document on every edit; only diagrams whose text (or the settings)
// changed reach the daemon.
import { createHash } from 'node:crypto';

import { Diagnostic, RenderRequest, Response } from './daemonClient';
import { SyncRenderer } from './syncRenderer';

export interface PreviewSettings {
  /** The merrow executable. */
  command: string;
  theme: string;
  darkTheme: string;
  /** The SVG switches to `darkTheme` inside this selector (the preview's body class). */
  darkSelector: string;
  /** ... and keeps `theme` inside this one, whatever the OS colour scheme says. */
  lightSelector: string;
  background: string;
  /** How long one render may block the preview before a placeholder is shown instead. */
  timeoutMs: number;
}

export const defaultSettings: PreviewSettings = {
  command: 'merrow',
  theme: 'default',
  darkTheme: 'dark',
  darkSelector: '.vscode-dark',
  lightSelector: '.vscode-light',
  background: 'transparent',
  timeoutMs: 2000,
};

export type Outcome =
  | { kind: 'svg'; svg: string; diagnostics: Diagnostic[] }
  | { kind: 'error'; message: string; diagnostics: Diagnostic[] }
  | { kind: 'pending' };

/** What the markdown-it plugin needs: a diagram's text in, a drawing or an error out. */
export interface DiagramSource {
  render(source: string): Outcome;
}

/**
 * The key the Hugo render hook computes from a block (`sha256` of the text with CRLF made LF
 * and surrounding whitespace trimmed), so both sides can share rendered files.
 */
export function contentKey(source: string): string {
  const text = source.replace(/\r\n/g, '\n').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const maxCacheEntries = 500;

export class MermaidPreview implements DiagramSource {
  private renderer: SyncRenderer;
  private settings: PreviewSettings;
  private settingsKey: string;
  private readonly cache = new Map<string, Outcome>();
  private readonly inFlight = new Set<string>();

  /** `onLateResult` runs when a diagram that timed out is ready (refresh the preview). */
  constructor(
    settings: PreviewSettings,
    private readonly onLateResult: () => void = () => undefined,
  ) {
    this.settings = settings;
    this.settingsKey = JSON.stringify(settings);
    this.renderer = this.startRenderer();
  }

  render(source: string): Outcome {
    const key = `${contentKey(source)}:${this.settingsKey}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key); // keep recently used entries last (LRU order)
      this.cache.set(key, cached);
      return cached;
    }
    if (this.inFlight.has(key)) {
      return { kind: 'pending' };
    }
    const response = this.renderer.request(this.request(source), this.settings.timeoutMs);
    if (response === undefined) {
      this.inFlight.add(key);
      return { kind: 'pending' };
    }
    return this.store(key, response);
  }

  /** New settings: a new daemon if the executable changed, and nothing cached is valid. */
  configure(settings: PreviewSettings): void {
    const restart = settings.command !== this.settings.command;
    this.settings = settings;
    this.settingsKey = JSON.stringify(settings);
    this.cache.clear();
    this.inFlight.clear();
    if (restart) {
      this.renderer.dispose();
      this.renderer = this.startRenderer();
    }
  }

  /** A fresh daemon on the next render; forgets failures such as a missing executable. */
  restart(): void {
    this.cache.clear();
    this.inFlight.clear();
    this.renderer.reset();
  }

  /** The daemon's process id and counters (tests, status). */
  status(): { pid: number | undefined; startCount: number; requestCount: number } | undefined {
    return this.renderer.status();
  }

  dispose(): void {
    this.renderer.dispose();
  }

  private startRenderer(): SyncRenderer {
    const settingsKey = () => this.settingsKey;
    return new SyncRenderer({ command: this.settings.command }, (request, response) => {
      if (request.op !== 'render') {
        return;
      }
      const key = `${contentKey(request.source)}:${settingsKey()}`;
      if (this.inFlight.delete(key)) {
        this.store(key, response);
        this.onLateResult();
      }
    });
  }

  private request(source: string): RenderRequest {
    const s = this.settings;
    return {
      op: 'render',
      source,
      format: 'svg',
      theme: s.theme,
      options: {
        darkTheme: s.darkTheme,
        darkSelector: s.darkSelector,
        lightSelector: s.lightSelector,
        background: s.background,
      },
    };
  }

  private store(key: string, response: Response): Outcome {
    let outcome: Outcome;
    if (response.ok && response.svg !== undefined) {
      outcome = { kind: 'svg', svg: response.svg, diagnostics: response.diagnostics };
    } else {
      outcome = {
        kind: 'error',
        message: response.error?.message ?? 'merrow could not render the diagram',
        diagnostics: response.diagnostics,
      };
      // A daemon that could not answer says nothing about the diagram: try again next time.
      if (response.error?.code !== 'diagram') {
        return outcome;
      }
    }
    this.cache.set(key, outcome);
    while (this.cache.size > maxCacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) {
        break;
      }
      this.cache.delete(oldest);
    }
    return outcome;
  }
}
