/** errorMessage: the text of anything thrown. */
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../shared/error-message';

describe('errorMessage', () => {
  it("is an Error's message, not its name or stack", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(new TypeError('not a function'))).toBe('not a function');
    class IceLikeError extends Error {}
    expect(errorMessage(new IceLikeError('refused'))).toBe('refused');
  });

  it('is the value itself as text for anything else thrown', () => {
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ toString: () => 'custom' })).toBe('custom');
  });

  it('does not throw for a value that cannot be made a string', () => {
    expect(errorMessage(Object.create(null))).toBe('[object Object]');
    expect(
      errorMessage({
        toString: () => {
          throw new Error('no');
        },
      }),
    ).toBe('[object Object]');
  });
});
