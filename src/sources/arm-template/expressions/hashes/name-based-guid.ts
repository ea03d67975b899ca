/**
 * ARM's `guid()`: a name-based UUID, version 5 (SHA-1, RFC 4122 §4.3), in ARM's own namespace
 * 11fb06fb-712d-4ddd-98c7-e71bbd588830, of the arguments joined with `-` as UTF-8. The test pins it
 * to values ARM's expression library computes (`guid('asdf')`, `guid('foo', 'bar', 'baz')`).
 */
import { createHash } from 'node:crypto';

const ARM_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

export function nameBasedGuid(parts: readonly string[]): string {
  const hash = createHash('sha1').update(ARM_NAMESPACE).update(parts.join('-'), 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
