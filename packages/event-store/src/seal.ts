import { createHmac } from 'node:crypto';

/**
 * A seal is an HMAC-SHA256, under a key the writing service keeps outside the store, of an event's
 * place in the global log and its hash (which already covers its stream, revision, previous hash and
 * content). Anyone with the file but not the key can edit, insert, re-chain or reorder events and make
 * every hash chain hold again, but cannot make the seals match.
 */
export interface Seal {
  globalPosition: number;
  seal: string;
}

/** The smallest key accepted: 256 bits, the HMAC-SHA256 block's worth of entropy. */
export const MIN_SEAL_KEY_BYTES = 32;

export function sealEvent(key: Uint8Array, globalPosition: number, hash: string): string {
  return createHmac('sha256', key).update(`${globalPosition}:${hash}`).digest('hex');
}

/** Adapters that keep seals expose them, page by page in log order, to the verifier. */
export interface SealReader {
  readSeals(options: { after: number; upTo: number }): Promise<Seal[]>;
}

export const hasSeals = (store: object): store is SealReader => typeof (store as Partial<SealReader>).readSeals === 'function';
