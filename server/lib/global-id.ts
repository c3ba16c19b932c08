/**
 * Relay global IDs ("Lot:42", base64) — the same encoding the relay plugin
 * uses for `id` fields and `node(id:)`. Decoding names the input path and
 * refuses a malformed ID or an ID of another type with a typed error.
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { InvalidInputError } from '../domain/errors.js';

export function encodeId(typename: string, id: number): string {
  return encodeGlobalID(typename, id);
}

export function decodeId(globalId: string, expected: string, path: string[]): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw InvalidInputError.single(path, 'MALFORMED_ID', 'is not a valid ID');
  }
  if (decoded.typename !== expected) {
    throw InvalidInputError.single(
      path,
      'WRONG_ID_TYPE',
      `is the ID of a ${decoded.typename || 'unknown type'}, expected a ${expected}`,
    );
  }
  if (!/^[1-9]\d{0,15}$/.test(decoded.id) || !Number.isSafeInteger(Number(decoded.id))) {
    throw InvalidInputError.single(path, 'MALFORMED_ID', 'is not a valid ID');
  }
  return Number(decoded.id);
}
