// A client for `merrow daemon` (docs/daemon-protocol.md): one long-running process, JSON
// requests one per line, responses matched by id. The process is started by the first request
// and started again by the next request after it dies; a process that keeps dying right after
// start is not restarted in a loop.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface Diagnostic {
  line: number;
  column: number;
  end: { line: number; column: number };
  severity: 'error' | 'warning' | 'note';
  message: string;
  hint: string;
  notes: { line: number; column: number; message: string }[];
}

export interface RenderOptions {
  darkTheme?: string;
  darkSelector?: string;
  lightSelector?: string;
  background?: string;
  scale?: number;
  width?: number;
  height?: number;
  svgId?: string;
  svgText?: 'text' | 'paths';
  look?: 'classic' | 'neo';
  config?: Record<string, unknown>;
}

export interface RenderRequest {
  op: 'render';
  source: string;
  format?: 'svg' | 'png' | 'pdf' | 'json';
  theme?: string;
  options?: RenderOptions;
}

export interface CheckRequest {
  op: 'check';
  source: string;
}

export type Request = RenderRequest | CheckRequest | { op: 'version' };

/** A daemon response, or one made up here when the daemon could not answer. */
export interface Response {
  id: number | string | null;
  ok: boolean;
  op?: string;
  svg?: string;
  png?: string;
  width?: number;
  height?: number;
  valid?: boolean;
  diagnostics: Diagnostic[];
  error?: { code: string; message: string };
  ms?: number;
  version?: string;
}

export interface DaemonClientOptions {
  /** The merrow executable. */
  command: string;
  /** Extra arguments after `daemon` (e.g. ["-c", "mermaid.json"]). */
  args?: string[];
  /** A request without a response after this long fails (the daemon is killed: it hangs). */
  timeoutMs?: number;
}

interface Pending {
  resolve: (response: Response) => void;
  timer: NodeJS.Timeout | undefined;
}

// Restarts allowed within `crashWindowMs` before the client gives up until reset().
const maxQuickRestarts = 3;
const crashWindowMs = 10_000;

export class DaemonClient {
  private process: ChildProcessWithoutNullStreams | undefined;
  private buffered = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly starts: number[] = [];
  private stderrTail = '';
  private gaveUp: string | undefined;
  /** How many processes this client has started (for tests and status). */
  startCount = 0;
  /** How many requests were sent to a daemon. */
  requestCount = 0;

  constructor(private readonly options: DaemonClientOptions) {}

  /** The running daemon's process id, if one runs. */
  get pid(): number | undefined {
    return this.process?.pid;
  }

  request(request: Request): Promise<Response> {
    const id = this.nextId++;
    return new Promise<Response>((resolve) => {
      const child = this.ensureProcess();
      if (typeof child === 'string') {
        resolve(failure(id, 'daemon', child));
        return;
      }
      const timeoutMs = this.options.timeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failure(id, 'timeout', `merrow did not answer within ${timeoutMs} ms`));
        // A daemon that does not answer is stuck on something; a fresh one will not be.
        child.kill('SIGKILL');
      }, timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, timer });
      this.requestCount++;
      child.stdin.write(JSON.stringify({ id, ...request }) + '\n');
    });
  }

  /** Stops the daemon; the next request starts a new one. Clears a give-up. */
  reset(): void {
    this.gaveUp = undefined;
    this.starts.length = 0;
    this.process?.kill();
    this.process = undefined;
  }

  dispose(): void {
    const child = this.process;
    this.process = undefined;
    if (child) {
      child.stdin.end();
      child.kill();
    }
    this.failAll('the renderer was stopped');
  }

  private ensureProcess(): ChildProcessWithoutNullStreams | string {
    if (this.process) {
      return this.process;
    }
    if (this.gaveUp !== undefined) {
      return this.gaveUp;
    }
    const now = Date.now();
    while (this.starts.length > 0 && now - (this.starts[0] ?? now) > crashWindowMs) {
      this.starts.shift();
    }
    if (this.starts.length >= maxQuickRestarts) {
      this.gaveUp =
        `merrow daemon exited ${this.starts.length} times in ${crashWindowMs / 1000} s` +
        (this.stderrTail ? `: ${this.stderrTail.trim()}` : '');
      return this.gaveUp;
    }
    this.starts.push(now);
    this.startCount++;
    this.stderrTail = '';
    this.buffered = '';
    const child = spawn(this.options.command, ['daemon', ...(this.options.args ?? [])], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    // Writing to a daemon that just died must not throw out of the extension host.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT'
          ? `cannot start merrow: \`${this.options.command}\` was not found (set merrow.path)`
          : `cannot start merrow: ${error.message}`;
      // A missing executable will still be missing on the next request.
      if (error.code === 'ENOENT' || error.code === 'EACCES') {
        this.gaveUp = reason;
      }
      this.onExit(child, reason);
    });
    child.on('exit', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      const detail = this.stderrTail.trim();
      this.onExit(child, `merrow daemon ${how}${detail ? `: ${detail}` : ''}`);
    });
    return child;
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let newline: number;
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      if (line.trim() === '') {
        continue;
      }
      let response: Response;
      try {
        response = JSON.parse(line) as Response;
      } catch {
        continue; // not a protocol line; the daemon writes nothing else to stdout
      }
      if (typeof response.id !== 'number') {
        continue;
      }
      const pending = this.pending.get(response.id);
      if (pending) {
        this.pending.delete(response.id);
        if (pending.timer) {
          clearTimeout(pending.timer);
        }
        pending.resolve({ ...response, diagnostics: response.diagnostics ?? [] });
      }
    }
  }

  private onExit(child: ChildProcessWithoutNullStreams, reason: string): void {
    if (this.process === child) {
      this.process = undefined;
    }
    this.failAll(reason);
  }

  private failAll(reason: string): void {
    for (const [id, pending] of this.pending) {
      if (pending.timer) {
        clearTimeout(pending.timer);
      }
      pending.resolve(failure(id, 'daemon', reason));
    }
    this.pending.clear();
  }
}

function failure(id: number, code: string, message: string): Response {
  return { id, ok: false, error: { code, message }, diagnostics: [] };
}
