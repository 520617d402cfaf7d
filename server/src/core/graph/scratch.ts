// Typed scratch arrays for the graph algorithms' temporary work, kept between
// calls. Every dependency edit re-runs the SCC searches and the bootstrap
// phase over the whole graph; fresh work arrays for each run were ~15 MB of
// external memory per edit at 30 000 packages, freed only when V8 next
// collects the old generation. A slot is one simultaneous use: a caller must
// be done with a slot's array before anything it calls takes the same slot.

type Scratch = Int32Array | Uint8Array;

const int32Slots = new Map<string, Int32Array>();
const uint8Slots = new Map<string, Uint8Array>();

/** An Int32Array of `length` for temporary use under `slot`; its contents are left over from earlier use. */
export function scratchInt32(slot: string, length: number): Int32Array {
  return scratch(int32Slots, (n) => new Int32Array(n), slot, length);
}

/** A Uint8Array of `length` for temporary use under `slot`; its contents are left over from earlier use. */
export function scratchUint8(slot: string, length: number): Uint8Array {
  return scratch(uint8Slots, (n) => new Uint8Array(n), slot, length);
}

function scratch<T extends Scratch>(slots: Map<string, T>, make: (length: number) => T, slot: string, length: number): T {
  let buffer = slots.get(slot);
  if (!buffer || buffer.length < length) {
    // Grown by half again, so a slowly growing workspace does not re-allocate on every edit.
    buffer = make(Math.max(length, Math.ceil((buffer?.length ?? 0) * 1.5)));
    slots.set(slot, buffer);
  }
  return buffer.subarray(0, length) as T;
}
