// Synchronous requests to `merrow daemon`, for markdown-it, whose renderer rules must return
// HTML at once. The daemon lives in a worker thread (daemonWorker.ts); the main thread posts a
// request and sleeps on a shared counter (Atomics.wait) until the worker has posted the
// response or the time is up. A late response still arrives: it is handed to `onLate`, so the
// caller can cache it and refresh the preview.
import * as path from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';

import { DaemonClientOptions, Request, Response } from './daemonClient';
import { ToWorker, WorkerData, WorkerStatus } from './daemonWorker';

interface Reply {
  seq: number;
  response?: Response;
  status?: WorkerStatus;
}

export class SyncRenderer {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly counter: Int32Array;
  private seq = 0;
  /** Requests that timed out and whose responses may still come, by sequence number. */
  private readonly late = new Map<number, Request>();

  constructor(
    client: DaemonClientOptions,
    private readonly onLate: (request: Request, response: Response) => void = () => undefined,
  ) {
    const signal = new SharedArrayBuffer(4);
    this.counter = new Int32Array(signal);
    const channel = new MessageChannel();
    this.port = channel.port1;
    const data: WorkerData = { port: channel.port2, signal, client };
    this.worker = new Worker(path.join(__dirname, 'daemonWorker.js'), {
      workerData: data,
      transferList: [channel.port2],
    });
    // Neither keeps a process (a test, a CLI using the plugin) alive on its own.
    this.worker.unref();
    this.port.on('message', (reply: Reply) => this.deliverLate(reply));
    this.port.unref();
  }

  /** The daemon's response, or undefined if it did not come within `timeoutMs`. */
  request(request: Request, timeoutMs: number): Response | undefined {
    const seq = ++this.seq;
    this.post({ kind: 'request', seq, request });
    const reply = this.await(seq, timeoutMs);
    if (reply === undefined) {
      this.late.set(seq, request);
      return undefined;
    }
    return reply.response;
  }

  /** Which daemon runs and how much it was used (for tests and the status bar). */
  status(timeoutMs = 2000): WorkerStatus | undefined {
    const seq = ++this.seq;
    this.post({ kind: 'status', seq });
    return this.await(seq, timeoutMs)?.status;
  }

  /** Restarts the daemon on the next request (after a settings change or a hang). */
  reset(): void {
    this.post({ kind: 'reset' });
  }

  dispose(): void {
    this.post({ kind: 'dispose' });
    void this.worker.terminate();
  }

  private post(message: ToWorker): void {
    this.port.postMessage(message);
  }

  private await(seq: number, timeoutMs: number): Reply | undefined {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Read the counter before draining the port: a reply posted after the drain bumps the
      // counter past `seen`, so the wait below returns at once instead of missing it.
      const seen = Atomics.load(this.counter, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as Reply;
        if (reply.seq === seq) {
          return reply;
        }
        this.deliverLate(reply);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        return undefined;
      }
      Atomics.wait(this.counter, 0, seen, remaining);
    }
  }

  private deliverLate(reply: Reply): void {
    const request = this.late.get(reply.seq);
    if (request !== undefined && reply.response !== undefined) {
      this.late.delete(reply.seq);
      this.onLate(request, reply.response);
    }
  }
}
