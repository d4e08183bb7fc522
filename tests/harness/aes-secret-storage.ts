/**
 * The harness's stand-in for Electron's safeStorage: real AES-256-GCM with a
 * key that lives in memory for the run, so the vault's files hold real
 * ciphertext (and a restart of the harness cannot read old secrets, as a lost
 * keyring would behave). `backend` may be set to mimic Linux's basic_text.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretStoragePort } from '../../electron/core/vault';

export function createAesSecretStorage(backend = 'harness_aes_gcm', key: Buffer = randomBytes(32)): SecretStoragePort {
  return {
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    encryptStringAsync(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Promise.resolve(Buffer.concat([Buffer.from('v1'), iv, cipher.getAuthTag(), body]));
    },
    decryptStringAsync(encrypted) {
      const data = Buffer.from(encrypted);
      if (data.subarray(0, 2).toString() !== 'v1') return Promise.reject(new Error('Unknown ciphertext version'));
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(2, 14));
      decipher.setAuthTag(data.subarray(14, 30));
      const result = Buffer.concat([decipher.update(data.subarray(30)), decipher.final()]).toString('utf8');
      return Promise.resolve({ result, shouldReEncrypt: false });
    },
    backend: () => backend,
  };
}
