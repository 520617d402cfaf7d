'use strict';
// LSP base-protocol framing for the test clients: `Content-Length` headers
// around UTF-8 JSON bodies, in both directions.

function frame(message) {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

/** Feeds stdout chunks in; calls `onMessage` for every complete message. */
class MessageReader {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buffer = Buffer.alloc(0);
  }

  push(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: *(\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from server: ${header}`);
      const end = headerEnd + 4 + Number(match[1]);
      if (this.buffer.length < end) return;
      const body = this.buffer.subarray(headerEnd + 4, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      this.onMessage(JSON.parse(body));
    }
  }
}

module.exports = { frame, MessageReader };
