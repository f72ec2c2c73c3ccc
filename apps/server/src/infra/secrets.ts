import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Credentials of the outside world (Chatwoot admin tokens, webhook secrets, provider keys) are stored
 * encrypted with AES-256-GCM. The associated data binds each value to its tenant and record, so a value
 * copied into another row does not decrypt; the version prefix leaves room for key rotation.
 */
const VERSION = 'v1';
const TAG_LENGTH = 16;

export interface SecretBox {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
      cipher.setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join(':');
    },
    open(sealed, associatedData) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('unreadable sealed secret');
      // Node 20 accepts short GCM tags unless the length is pinned (DEP0182).
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_LENGTH,
      });
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/** Production requires ENCRYPTION_KEY (config refuses to start without it); development derives one. */
export function encryptionKeyFrom(encryptionKey: string | undefined, sessionSecret: string): Buffer {
  if (encryptionKey) return Buffer.from(encryptionKey, 'base64');
  return createHash('sha256').update(`whatpro-hub development encryption key:${sessionSecret}`).digest();
}
