/**
 * A room name nobody can guess: 12 base32 characters (60 bits) from the
 * browser's CSPRNG, in three groups so a person can read it out.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function randomRoomName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const chars = [...bytes].map((b) => ALPHABET[b % 32]!).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}
