// The chunked parse's pieces built on two threads. Most of a big parse is
// the `yaml` package's own work (its lexer, parser and composer, and the
// garbage they leave), one piece at a time and each independent of the
// others, so a helper thread takes pieces from the same queue as the calling
// thread (a shared counter) and sends each piece's tree back as flat arrays
// (node-encoding.ts); the text reaches it as shared UTF-16 code units. The caller stays synchronous: it builds pieces itself
// until the queue is empty, then takes the helper's results with
// receiveMessageOnPort, sleeping on the shared counters in between. A piece
// the helper has not delivered after a while is built by the caller too, so
// a helper that never starts or dies costs time, never the result.

import * as os from 'os';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'worker_threads';
import type { DocNode } from './parsed-document';
import { buildPiece, type PieceRange } from './chunked-parse';
import { decodeTree, type EncodedTree } from './node-encoding';

/**
 * Texts shorter than this are built on the calling thread alone: starting a
 * thread and loading the parser into it takes some 50 ms, and the pieces of
 * a few megabytes take little more than that.
 */
export const PARALLEL_PARSE_THRESHOLD = 4 * 1024 * 1024;

/** Pieces one claim takes from the queue: a few, so the two threads seldom meet at the counter. */
export const CLAIM = 4;

/** How long the caller waits for a piece the helper claimed before it builds the piece itself. */
const HELPER_PATIENCE_MS = 5000;

// The shared counters.
export const NEXT_PIECE = 0;
export const DELIVERED = 1;
export const STOP = 2;

/** One helper for a big text on a machine with a second core, else none. */
export function defaultHelpers(textLength: number): number {
  if (textLength < PARALLEL_PARSE_THRESHOLD) return 0;
  return os.availableParallelism() > 1 ? 1 : 0;
}

/** What the helper sends for each piece it claimed. */
export interface PieceResult {
  index: number;
  tree?: EncodedTree;
}

/** Every piece's tree, in order; undefined when any piece is not a clean block mapping. */
export function buildPieces(text: string, pieces: PieceRange[], helpers: number): DocNode[] | undefined {
  if (helpers <= 0 || pieces.length < CLAIM * 4) return buildAll(text, pieces);
  const control = new Int32Array(new SharedArrayBuffer(4 * 3));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(path.join(__dirname, 'piece-worker.js'), {
      workerData: { units: sharedUnits(text), pieces: pieces.map(({ start, end, keys }) => ({ start, end, keys })), control, port: port2 },
      transferList: [port2],
      stdout: true,
      stderr: true,
    });
  } catch {
    port1.close();
    return buildAll(text, pieces);
  }
  worker.unref();
  // A helper that fails (its module, its thread) only delivers nothing: the
  // caller builds what is missing after HELPER_PATIENCE_MS. Unheard, the error
  // event would end the process.
  worker.on('error', () => undefined);
  const built: Array<DocNode | undefined> = new Array(pieces.length);
  const done = new Uint8Array(pieces.length);
  let failed = false;
  try {
    // Our share: claims from the queue until it is empty.
    for (;;) {
      const first = Atomics.add(control, NEXT_PIECE, CLAIM);
      if (first >= pieces.length) break;
      for (let i = first; i < Math.min(first + CLAIM, pieces.length); i++) {
        const tree = buildPiece(text, pieces[i]);
        if (!tree) {
          failed = true;
          break;
        }
        built[i] = tree;
        done[i] = 1;
      }
      if (failed) break;
      drain();
    }
    if (failed) return undefined;
    // The helper's share: wait for what it claimed, build what it does not deliver.
    let missing = countMissing();
    let lastProgress = Date.now();
    while (missing > 0 && !failed) {
      const seen = Atomics.load(control, DELIVERED);
      if (drain()) {
        missing = countMissing();
        lastProgress = Date.now();
        continue;
      }
      if (Date.now() - lastProgress > HELPER_PATIENCE_MS) {
        for (let i = 0; i < pieces.length && !failed; i++) {
          if (done[i]) continue;
          const tree = buildPiece(text, pieces[i]);
          if (!tree) failed = true;
          built[i] = tree;
          done[i] = 1;
        }
        break;
      }
      Atomics.wait(control, DELIVERED, seen, 100);
    }
    return failed ? undefined : (built as DocNode[]);
  } finally {
    Atomics.store(control, STOP, 1);
    port1.close();
    void worker.terminate().catch(() => undefined);
  }

  /** Takes every result the helper has sent; whether there was any. */
  function drain(): boolean {
    let any = false;
    for (;;) {
      const message = receiveMessageOnPort(port1) as { message: PieceResult } | undefined;
      if (!message) return any;
      any = true;
      const { index, tree } = message.message;
      if (done[index]) continue;
      done[index] = 1;
      if (!tree) failed = true;
      else built[index] = decodeTree(tree);
    }
  }

  function countMissing(): number {
    let n = 0;
    for (let i = 0; i < done.length; i++) if (!done[i]) n++;
    return n;
  }
}

/**
 * The text's UTF-16 code units in memory both threads see: one copy, where
 * handing the string itself to the helper serialised it on this thread (a
 * fifth of a second for the Debian import) and rebuilt it on the other. The
 * helper makes each piece's string from its range of units.
 */
function sharedUnits(text: string): SharedArrayBuffer {
  const units = new SharedArrayBuffer(text.length * 2);
  Buffer.from(units).write(text, 0, 'utf16le');
  return units;
}

function buildAll(text: string, pieces: PieceRange[]): DocNode[] | undefined {
  const built: DocNode[] = [];
  for (const piece of pieces) {
    const tree = buildPiece(text, piece);
    if (!tree) return undefined;
    built.push(tree);
  }
  return built;
}
