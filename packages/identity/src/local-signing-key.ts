import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { IdentityError, IdentityErrorCodes } from './errors';

export const LOCAL_ALGORITHM = 'ES256';

export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public half as a JWK carrying kid, alg and use: what a JWKS endpoint would publish. */
  publicJwk: JWK;
}

const KEY_FILE = 'local-signing-key.jwk.json';

/**
 * Loads the embedded deployment's signing key from `<dataDir>/keys/`, creating it on first use. The
 * private key file is written once, exclusively (two processes starting together end up with the
 * same key), and readable by its owner only.
 */
export async function loadLocalSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const dir = join(dataDir, 'keys');
  const file = join(dir, KEY_FILE);
  let privateJwk = readKeyFile(file);
  if (!privateJwk) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const generated = await generatePrivateJwk();
    // Written whole to a private temporary file, then linked into place: link fails if another
    // process got there first, so nobody ever reads a half-written key.
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(generated, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    try {
      linkSync(temporary, file);
      privateJwk = generated;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      privateJwk = readKeyFile(file);
    } finally {
      unlinkSync(temporary);
    }
  }
  if (!privateJwk || typeof privateJwk.kid !== 'string' || privateJwk.kty !== 'EC' || privateJwk.d === undefined) {
    throw new IdentityError(IdentityErrorCodes.CONFIG, `${file} does not hold an ES256 private key with a kid`);
  }
  const { d: _d, ...publicFields } = privateJwk;
  const publicJwk: JWK = { ...publicFields, alg: LOCAL_ALGORITHM, use: 'sig' };
  const privateKey = (await importJWK(privateJwk, LOCAL_ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, LOCAL_ALGORITHM)) as CryptoKey;
  return { kid: privateJwk.kid, privateKey, publicKey, publicJwk };
}

async function generatePrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(LOCAL_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } as JWK);
  return { ...jwk, kid, alg: LOCAL_ALGORITHM, use: 'sig' };
}

function readKeyFile(file: string): JWK | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JWK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IdentityError(IdentityErrorCodes.CONFIG, `${file} could not be read as a JSON Web Key`, { cause: error });
  }
}
