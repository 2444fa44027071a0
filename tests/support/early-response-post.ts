import http from 'node:http';

/** What an early-answering server said, and how much of the body had been handed over by then. */
export interface EarlyResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  bytesSent: number;
}

/**
 * POSTs a large body and takes the server's answer even when it comes before the body is all
 * sent (a 413 refusing it by size), which fetch reports as "other side closed" once the server
 * hangs up on the rest. `body` is one buffer (sent with a Content-Length) or a source of chunks
 * (sent chunked) that is asked for more only while the server is still reading.
 */
export function postEarlyResponse(url: string, headers: Record<string, string>, body: Buffer | (() => Uint8Array | null)): Promise<EarlyResponse> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const sizeHeader = Buffer.isBuffer(body) ? { 'content-length': String(body.length) } : {};
    // A connection of its own: the server closes it after refusing the body.
    const req = http.request(url, { method: 'POST', agent: false, headers: { ...headers, ...sizeHeader } }, (res) => {
      answered = true;
      const sentWhenAnswered = bytesSent;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, bytesSent: sentWhenAnswered }));
      res.on('error', reject);
    });
    // Writing into a connection the server has closed fails (EPIPE, ECONNRESET, also on the
    // socket once the response has detached from it); the answer before that is what counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.on('socket', (socket) => socket.on('error', () => {}));
    if (Buffer.isBuffer(body)) {
      bytesSent = body.length;
      req.end(body);
      return;
    }
    // One chunk per turn of the event loop, so an answer is read as soon as it arrives.
    const pump = () => {
      if (answered || req.destroyed) return;
      const chunk = body();
      if (chunk === null) return void req.end();
      bytesSent += chunk.length;
      if (req.write(chunk)) setImmediate(pump);
      else req.once('drain', pump);
    };
    pump();
  });
}
