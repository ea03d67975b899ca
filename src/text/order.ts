/**
 * The order of everything aiscan writes in sequence: findings in reports, resources in a collected
 * snapshot, rules in the generated docs.
 *
 * `localeCompare` and `new Intl.Collator()` follow the machine's locale (LANG): in Lithuanian `y`
 * sorts with `i`, in Estonian `z` after `s`, so the same scan would order its report one way on a
 * laptop and another on a CI runner. Comparison here uses English collation, which is the root
 * collation, whatever the locale: the order an English-language machine gave before, now on every
 * machine. Not `'und'`: V8 does not list the root locale as available and falls back to the
 * machine's, so `new Intl.Collator('und')` under LANG=lt_LT sorts as Lithuanian.
 */
let collator: Intl.Collator | undefined;

/** Compares two strings in English (root) collation, whatever the machine's locale. The collator is made on first use (~7 ms: loading its data). */
export function compareText(a: string, b: string): number {
  collator ??= new Intl.Collator('en');
  return collator.compare(a, b);
}
