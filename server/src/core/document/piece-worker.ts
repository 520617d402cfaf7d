// The helper thread of parallel-pieces.ts: claims pieces from the shared
// queue, builds each as the calling thread would and sends its tree as flat
// arrays. A piece it cannot build (or encode) is sent without a tree, which
// makes the whole chunked parse decline, as on the calling thread.

import { workerData, type MessagePort } from 'worker_threads';
import { buildChunk, type PieceRange } from './chunked-parse';
import { encodeTree } from './node-encoding';
import { CLAIM, DELIVERED, NEXT_PIECE, STOP, type PieceResult } from './parallel-pieces';
import { withPlainEnvironment } from './plain-environment';

const { units, pieces, control, port } = workerData as { units: SharedArrayBuffer; pieces: PieceRange[]; control: Int32Array; port: MessagePort };

/** A piece's text, from the calling thread's code units (see sharedUnits). */
function textOf(piece: PieceRange): string {
  return Buffer.from(units, piece.start * 2, (piece.end - piece.start) * 2).toString('utf16le');
}

function send(result: PieceResult): void {
  const transfer = result.tree ? [result.tree.ints.buffer as ArrayBuffer, result.tree.numbers.buffer as ArrayBuffer] : [];
  port.postMessage(result, transfer);
  Atomics.add(control, DELIVERED, 1);
  Atomics.notify(control, DELIVERED);
}

withPlainEnvironment(() => {
  while (!Atomics.load(control, STOP)) {
    const first = Atomics.add(control, NEXT_PIECE, CLAIM);
    if (first >= pieces.length) break;
    for (let i = first; i < Math.min(first + CLAIM, pieces.length); i++) {
      let tree;
      try {
        // The values of containers are not sent: decodeTree assembles them.
        const root = buildChunk(textOf(pieces[i]), pieces[i], false);
        tree = root ? encodeTree(root) : undefined;
      } catch {
        tree = undefined;
      }
      send({ index: i, tree });
    }
  }
});
port.close();
