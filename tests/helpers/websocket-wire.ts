/**
 * The websocket protocol by hand, for tests that must send what no client library would (a frame
 * cut short, two frames in one write): the upgrade over a bare TCP socket, a client frame, and the
 * close code among the server's frames.
 */
import net from 'node:net';
import type { Instance } from './athar.ts';

/** A websocket upgrade to /collab/<room> over a bare socket; resolves once the server answered 101. */
export function handshake(
  athar: Instance,
  room: string,
  headers: Record<string, string>
): Promise<net.Socket> {
  const { hostname, port } = new URL(athar.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(
        `GET /collab/${room} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\n` +
          'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('') +
          '\r\n'
      )
    );
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(head.split('\r\n')[0]));
      // Whatever followed the handshake is a frame: give it back to the next reader.
      const rest = Buffer.from(head.slice(end + 4), 'latin1');
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

/** A client frame (binary, final, masked with a zero key so the payload reads as is). */
export function maskedFrame(payload: Uint8Array): Buffer {
  if (payload.length > 125) throw new Error('short frames only');
  return Buffer.concat([Buffer.from([0x82, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

/** The status code of the first close frame among the server's frames, if one came. */
export function closeFrameCode(frames: Buffer): number | undefined {
  let at = 0;
  while (at + 2 <= frames.length) {
    const opcode = frames[at]! & 0x0f;
    let length = frames[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = frames.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      length = Number(frames.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > frames.length) return undefined;
    if (opcode === 0x8) return length >= 2 ? frames.readUInt16BE(start) : 1005;
    at = start + length;
  }
  return undefined;
}
