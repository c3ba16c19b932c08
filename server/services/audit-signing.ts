/**
 * Signed heads of the audit chain (docs/audit.md, "Signed heads"): an
 * Ed25519 key kept outside the database and its backups signs the hash of
 * each audit entry in the transaction that appends it, the way a
 * Certificate Transparency log signs its tree heads. Someone with the
 * database file but not the key can still append a well-chained entry, but
 * not its signature: verification reports it as "not yet signed".
 */
import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The first 16 hex digits of SHA-256 of the raw public key: names the key in heads. */
  keyId: string;
}

export interface SignedHead {
  seq: number;
  hash: string;
  signedAt: string;
  keyId: string;
  /** Base64 Ed25519 signature of `headMessage(seq, hash, signedAt)`. */
  signature: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

/** Reads a key file: a PKCS#8 PEM Ed25519 private key (the signer) or an SPKI PEM public key (a verifier). */
export function readKeyFile(path: string): { publicKey: KeyObject; keyId: string; signing: SigningKey | null } {
  const pem = readFileSync(path, 'utf8');
  if (pem.includes('PRIVATE KEY')) {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 key`);
    const publicKey = createPublicKey(privateKey);
    const signing = { privateKey, publicKey, keyId: keyIdOf(publicKey) };
    return { publicKey, keyId: signing.keyId, signing };
  }
  const publicKey = createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 key`);
  return { publicKey, keyId: keyIdOf(publicKey), signing: null };
}

/** Creates a new key file (mode 0600) and, beside it, `<path>.pub` to hand to lenders and auditors. */
export function createKeyFile(path: string): SigningKey {
  if (existsSync(path)) throw new Error(`${path} already exists: a signing key is never overwritten`);
  mkdirSync(dirname(path), { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  writeFileSync(`${path}.pub`, publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** The exact bytes signed: a domain tag, so a head signature can never be taken for anything else. */
export function headMessage(seq: number, hash: string, signedAt: string): Buffer {
  return Buffer.from(`coop-consortium audit head v1\n${seq}\n${hash}\n${signedAt}\n`, 'utf8');
}

export function signHead(key: SigningKey, seq: number, hash: string, signedAt: string): SignedHead {
  const signature = sign(null, headMessage(seq, hash, signedAt), key.privateKey).toString('base64');
  return { seq, hash, signedAt, keyId: key.keyId, signature };
}

export function headSignatureValid(
  publicKey: KeyObject,
  h: Pick<SignedHead, 'seq' | 'hash' | 'signedAt' | 'signature'>,
): boolean {
  try {
    return verify(null, headMessage(h.seq, h.hash, h.signedAt), publicKey, Buffer.from(h.signature, 'base64'));
  } catch {
    return false;
  }
}

// The signer and the trusted public key belong to a database connection (tests run several servers in one process).
const signers = new WeakMap<Database.Database, SigningKey>();
const verifiers = new WeakMap<Database.Database, KeyObject>();

/** Every audit entry appended through this connection is signed with `key`; its public key verifies. */
export function useSigningKey(sqlite: Database.Database, key: SigningKey): void {
  signers.set(sqlite, key);
  verifiers.set(sqlite, key.publicKey);
}

/** Verification on this connection trusts `publicKey` (a verifier without the private key). */
export function useVerifyingKey(sqlite: Database.Database, publicKey: KeyObject): void {
  verifiers.set(sqlite, publicKey);
}

export function signerOf(sqlite: Database.Database): SigningKey | undefined {
  return signers.get(sqlite);
}

export function verifierOf(sqlite: Database.Database): KeyObject | undefined {
  return verifiers.get(sqlite);
}

/**
 * Loads the signing key at `path` for this connection (creating it first when `create`), so that every
 * entry appended through it is signed. Returns the key, or null when the file does not exist.
 */
export function loadSigningKey(sqlite: Database.Database, path: string, create = false): SigningKey | null {
  if (!existsSync(path)) {
    if (!create) return null;
    const key = createKeyFile(path);
    useSigningKey(sqlite, key);
    return key;
  }
  const k = readKeyFile(path);
  if (!k.signing) {
    useVerifyingKey(sqlite, k.publicKey);
    return null;
  }
  useSigningKey(sqlite, k.signing);
  return k.signing;
}
