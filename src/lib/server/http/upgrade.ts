/**
 * The HTTP upgrade hook. Capabilities register a path prefix (e.g. `/collab/`) and a handler;
 * every other upgrade request is refused with a plain HTTP response before any socket opens.
 * Framework-free: server/index.ts mounts it in production, the Vite plugin in `vite dev`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export type UpgradeRouter = {
  register(prefix: string, handler: UpgradeHandler): void;
  /** The handler for this request's path, if a capability registered one. */
  match(url: string | undefined): UpgradeHandler | undefined;
  /** Dispatches, or refuses unknown paths with 404. */
  handle: UpgradeHandler;
};

export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }
  socket.destroy();
}

export function createUpgradeRouter(): UpgradeRouter {
  const routes: Array<{ prefix: string; handler: UpgradeHandler }> = [];
  const match = (url: string | undefined) => {
    const pathname = (url ?? '').split('?')[0] ?? '';
    return routes.find((r) => pathname.startsWith(r.prefix))?.handler;
  };
  return {
    register(prefix, handler) {
      if (!prefix.startsWith('/') || !prefix.endsWith('/'))
        throw new Error(`upgrade prefix must be /…/, got ${prefix}`);
      routes.push({ prefix, handler });
    },
    match,
    handle(request, socket, head) {
      const handler = match(request.url);
      if (!handler) return refuseUpgrade(socket, 404, 'Not Found');
      try {
        handler(request, socket, head);
      } catch (err) {
        console.error(`[upgrade] ${request.url}:`, err);
        refuseUpgrade(socket, 500, 'Internal Server Error');
      }
    }
  };
}
