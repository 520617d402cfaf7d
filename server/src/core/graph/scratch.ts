// Typed scratch arrays for the graph algorithms' temporary work, kept between
// calls. Every dependency edit re-runs the SCC searches and the bootstrap
// phase over the whole graph; fresh work arrays for each run were ~15 MB of
// external memory per edit at 30 000 packages, freed only when V8 next
// collects the old generation. A slot is one simultaneous use: a caller must
// be done with a slot's array before anything it calls takes the same slot.

const int32Slots = new Map<string, Int32Array>();
const uint8Slots = new Map<string, Uint8Array>();

/** An Int32Array of `length` for temporary use under `slot`; its contents are left over from earlier use. */
export function scratchInt32(slot: string, length: number): Int32Array {
  let buffer = int32Slots.get(slot);
  if (!buffer || buffer.length < length) {
    buffer = new Int32Array(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
    int32Slots.set(slot, buffer);
  }
  return buffer.subarray(0, length);
}

/** A Uint8Array of `length` for temporary use under `slot`; its contents are left over from earlier use. */
export function scratchUint8(slot: string, length: number): Uint8Array {
  let buffer = uint8Slots.get(slot);
  if (!buffer || buffer.length < length) {
    buffer = new Uint8Array(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
    uint8Slots.set(slot, buffer);
  }
  return buffer.subarray(0, length);
}
