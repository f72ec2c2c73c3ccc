import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Credentials of the outside world (Chatwoot admin tokens, webhook secrets, provider keys) are stored
 * encrypted with AES-256-GCM (S-CR-1). The associated data binds each value to its tenant and record, so a
 * value copied into another row does not decrypt; each value names the key that sealed it, so after a
 * rotation old values still open with the previous key while new ones use the current one.
 */
const FORMAT = 'v1';
const TAG_LENGTH = 16;

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

/** `keys[0]` seals; every key in the ring may open. */
export function createSecretBox(keys: Buffer[]): SecretBox {
  if (keys.length === 0 || keys.some((key) => key.length !== 32))
    throw new Error('encryption keys must be 32 bytes');
  const ring = new Map(keys.map((key) => [keyIdOf(key), key]));
  const current = keys[0] as Buffer;
  const currentId = keyIdOf(current);
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_LENGTH });
      cipher.setAAD(Buffer.from(`${currentId}|${associatedData}`));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        FORMAT,
        currentId,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    open(sealed, associatedData) {
      const [format, keyId, iv, tag, body] = sealed.split(':');
      const key = keyId ? ring.get(keyId) : undefined;
      if (format !== FORMAT || !key || !iv || !tag || body === undefined)
        throw new Error('unreadable sealed secret');
      // Node 20 accepts short GCM tags unless the length is pinned (DEP0182).
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_LENGTH,
      });
      decipher.setAAD(Buffer.from(`${keyId}|${associatedData}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** Production requires ENCRYPTION_KEY (config refuses to start without it); development derives one. */
export function encryptionKeysFrom(
  current: string | undefined,
  previous: string | undefined,
  sessionSecret: string,
): Buffer[] {
  const first = current
    ? Buffer.from(current, 'base64')
    : createHash('sha256').update(`whatpro-hub development encryption key:${sessionSecret}`).digest();
  return previous ? [first, Buffer.from(previous, 'base64')] : [first];
}
