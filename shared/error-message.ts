/** The text of anything thrown, for a log line or a sentence that says what failed. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    // An object without a prototype (or a throwing toString) cannot be made a string.
    return Object.prototype.toString.call(error);
  }
}
