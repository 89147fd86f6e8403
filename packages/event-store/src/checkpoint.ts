import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './hash';
import type { StreamHead } from './verify-all';

/**
 * A checkpoint of the whole log: how many events it held, a Merkle tree head over them in log order
 * (RFC 9162 section 2.1: leaf hash SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right)),
 * every stream's head, and an Ed25519 signature by the key of the service that made it. Kept off the
 * host, it lets a later verification prove the log still extends it: nothing before it was removed,
 * reordered, rewritten or rolled back.
 */
export interface CheckpointBody {
  version: 1;
  /** Events in the log when the checkpoint was taken. */
  treeSize: number;
  /** Global position of the last of them (-1 for an empty log). */
  lastPosition: number;
  /** The Merkle tree head, hex. */
  rootHash: string;
  heads: StreamHead[];
  /** The first global position sealed by the writing service (null when none is). */
  sealedFrom: number | null;
  createdAt: string;
  /** SHA-256 of the signing public key (SPKI DER), hex. */
  keyId: string;
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 signature over the canonical JSON of the body, base64. */
  signature: string;
}

/** Leaf data: the event's position and its hash, so both a reorder and an edit change the head. */
export function merkleLeaf(globalPosition: number, hash: string): Buffer {
  return createHash('sha256').update(Buffer.from([0])).update(`${globalPosition}:${hash}`).digest();
}

const node = (left: Buffer, right: Buffer) => createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();

/**
 * Builds the tree head leaf by leaf in O(log n) memory: full subtrees are kept as on a binary counter,
 * and the head folds them right to left, which is exactly RFC 9162's split at the largest power of two.
 */
export function createMerkleBuilder() {
  const stack: Array<{ size: number; hash: Buffer }> = [];
  let size = 0;
  return {
    add(leaf: Buffer) {
      let item = { size: 1, hash: leaf };
      while (stack.length > 0 && stack[stack.length - 1]!.size === item.size) {
        const left = stack.pop()!;
        item = { size: left.size * 2, hash: node(left.hash, item.hash) };
      }
      stack.push(item);
      size++;
    },
    get size() {
      return size;
    },
    head(): string {
      if (stack.length === 0) return createHash('sha256').update('').digest('hex');
      let hash = stack[stack.length - 1]!.hash;
      for (let i = stack.length - 2; i >= 0; i--) hash = node(stack[i]!.hash, hash);
      return hash.toString('hex');
    },
  };
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function signCheckpoint(body: Omit<CheckpointBody, 'version' | 'keyId'>, privateKey: KeyObject): Checkpoint {
  const full: CheckpointBody = { version: 1, ...body, keyId: keyIdOf(createPublicKey(privateKey)) };
  return { ...full, signature: sign(null, Buffer.from(canonicalJson(full)), privateKey).toString('base64') };
}

/** True when the checkpoint is signed by this public key and unaltered since. */
export function checkpointSignatureHolds(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  const { signature, ...body } = checkpoint;
  if (typeof signature !== 'string' || body.keyId !== keyIdOf(publicKey)) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(body)), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
