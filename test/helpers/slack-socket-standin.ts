// Slack's Socket Mode end, played locally: says hello to the bot's WebSocket, pushes envelopes,
// records the acks that come back.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: unknown;
  readonly at: number;
}

export interface SocketStandIn {
  readonly url: string;
  readonly acks: readonly SocketAck[];
  /** Resolves once the bot is connected and greeted. */
  connected(): Promise<void>;
  /** Sends one envelope (type: slash_commands, events_api, interactive); returns its id. */
  send(type: string, payload: unknown, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

export async function startSocketStandIn(): Promise<SocketStandIn> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const acks: SocketAck[] = [];
  let socket: WebSocket | undefined;
  let seq = 0;
  const greeted = new Promise<void>((resolve) => {
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
        if (msg.envelope_id) acks.push({ envelope_id: msg.envelope_id, payload: msg.payload, at: Date.now() });
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'standin', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0TECHTREE' } }));
      resolve();
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`,
    acks,
    connected: () => greeted,
    send(type, payload, extra = {}) {
      if (!socket) throw new Error('socket stand-in: the bot is not connected');
      const envelope_id = `env-${++seq}`;
      socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '', ...extra }));
      return envelope_id;
    },
    close: () => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => resolve());
    }),
  };
}
