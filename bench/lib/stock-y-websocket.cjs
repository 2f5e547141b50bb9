// The anchor: the stock y-websocket v2 server (its bin/utils, documents in memory, no access
// checks, no persistence), on the port given as argv[2]. Prints "listening <port>" when ready.
const http = require('node:http');
const { WebSocketServer } = require('ws');
const { setupWSConnection } = require('y-websocket-v2/bin/utils');

const server = http.createServer((_req, res) => res.end('stock y-websocket'));
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
);
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () =>
  console.log(`listening ${server.address().port}`)
);
process.on('SIGTERM', () => process.exit(0));
