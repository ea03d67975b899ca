/** Helpers of the readers that go through a text a character at a time. */

export function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** A character as an error message shows it: itself when printable ASCII, else its code point (`U+00A0`). */
export function describeCharacter(char: string): string {
  return /^[\x21-\x7e]$/.test(char) ? char : `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
