// The worker thread behind SyncRenderer: it owns the DaemonClient and its event loop, so the
// main thread can block (markdown-it renders synchronously) while the daemon's output is read
// here. Each reply is posted on the port, then the shared counter is bumped to wake the main
// thread (see syncRenderer.ts for the other half).
import { MessagePort, workerData } from 'node:worker_threads';

import { DaemonClient, DaemonClientOptions, Request } from './daemonClient';

export interface WorkerData {
  port: MessagePort;
  signal: SharedArrayBuffer;
  client: DaemonClientOptions;
}

export type ToWorker =
  | { kind: 'request'; seq: number; request: Request }
  | { kind: 'status'; seq: number }
  | { kind: 'reset' }
  | { kind: 'dispose' };

export interface WorkerStatus {
  pid: number | undefined;
  startCount: number;
  requestCount: number;
}

const data = workerData as WorkerData;
const counter = new Int32Array(data.signal);
const client = new DaemonClient(data.client);

function reply(message: unknown): void {
  data.port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

data.port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'request':
      void client.request(message.request).then((response) => {
        reply({ seq: message.seq, response });
      });
      break;
    case 'status': {
      const status: WorkerStatus = {
        pid: client.pid,
        startCount: client.startCount,
        requestCount: client.requestCount,
      };
      reply({ seq: message.seq, status });
      break;
    }
    case 'reset':
      client.reset();
      break;
    case 'dispose':
      client.dispose();
      data.port.close();
      break;
  }
});
