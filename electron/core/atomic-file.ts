/** Files written whole through a temp file beside them, one write at a time, so a crash never leaves half a file. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Replaces `file`'s text (owner-only, its folder made when missing), each write after the ones before it. */
export function atomicWriter(file: string): (body: string) => Promise<void> {
  let writing = Promise.resolve();
  return async (body) => {
    writing = writing.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      await writeFile(tmp, body, { mode: 0o600 });
      await rename(tmp, file);
    });
    await writing;
  };
}
