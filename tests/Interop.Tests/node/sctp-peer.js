// A node-sctp peer for the SCTP interop tests (the npm package mediasoup's own test-node-sctp.ts uses).
// Usage: node sctp-peer.js <udpPort> [count] [mode]
// Opens an SCTP association over UDP to 127.0.0.1:<udpPort> (SCTP ports 5000/5000, OS/MIS 256) and sends <count>
// ordered messages "1".."count" on stream 123 (ppid 51 for the first half, 53 after).
// mode 'echo' (default): expects <count> messages back on stream 0 in the same order with the same ppids.
// mode 'hold': also sends one DCEP message (ppid 50), then waits until the other side ends the association (ABORT or
// SHUTDOWN) and prints {"event":"ended"}.
// Prints one JSON line per milestone ({"event":"bound","port":…} first); exits 0 on success.
'use strict';
const dgram = require('node:dgram');
const sctp = require('sctp');

const port = Number(process.argv[2]);
const count = Number(process.argv[3] || 200);
const mode = process.argv[4] || 'echo';
const say = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');
const fail = (message) => { say({ event: 'error', message }); process.exit(1); };

setTimeout(() => fail('timeout after 25 s'), 25000).unref();
sctp.defaults({ PMTU: 1200 });

const udp = dgram.createSocket({ type: 'udp4' });
udp.bind(0, '127.0.0.1', () => {
  say({ event: 'bound', port: udp.address().port });
  udp.connect(port, '127.0.0.1', (error) => {
    if (error) fail(String(error));
    const socket = sctp.connect({ localPort: 5000, port: 5000, OS: 256, MIS: 256, udpTransport: udp });
    socket.on('error', (e) => fail('socket error: ' + e));
    socket.on('connect', () => {
      say({ event: 'connected', OS: socket.OS, MIS: socket.MIS });
      const stream = socket.createStream(123);
      for (let id = 1; id <= count; id++) {
        const data = Buffer.from(String(id));
        data.ppid = id < count / 2 ? sctp.PPID.WEBRTC_STRING : sctp.PPID.WEBRTC_BINARY;
        stream.write(data);
      }
      if (mode === 'hold') {
        const control = Buffer.from([0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        control.ppid = 50; // a DATA_CHANNEL_OPEN (RFC 8832): not for a plain transport
        stream.write(control);
      }
      say({ event: 'sent', count });
    });
    socket.on('end', () => {
      if (mode === 'hold') {
        say({ event: 'ended' });
        udp.close();
        process.exit(0);
      }
    });
    let received = 0;
    socket.on('stream', (stream, streamId) => {
      if (streamId !== 0) fail('expected stream 0, got ' + streamId);
      stream.on('data', (data) => {
        received++;
        const id = Number(data.toString('utf8'));
        const expectedPpid = id < count / 2 ? sctp.PPID.WEBRTC_STRING : sctp.PPID.WEBRTC_BINARY;
        if (id !== received) fail(`message ${received} carries id ${id}`);
        if (data.ppid !== expectedPpid) fail(`message ${id} has ppid ${data.ppid}, expected ${expectedPpid}`);
        if (received === count) {
          say({ event: 'done', received });
          socket.end();
          udp.close();
          process.exit(0);
        }
      });
    });
  });
});
