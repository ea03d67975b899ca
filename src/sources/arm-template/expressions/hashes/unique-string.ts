/**
 * ARM's `uniqueString()`: the arguments joined with `-`, as UTF-8, hashed with the 64-bit
 * MurmurHash variant of Microsoft's ResourceStack library, and the hash written as 13 base32
 * characters (a–z, 2–7) from its high bits down.
 *
 * The hash is two MurmurHash3 x86 lanes over 8-byte blocks, with MurmurHash3's constants, the
 * lanes feeding each other after every block and at the end. Public reimplementations describe
 * it (Terraform's azapi provider); the test pins it to outputs of ARM itself: deployments, the
 * Azure.Deployments.Expression library as Bicep and others run it, for inputs of every length
 * modulo 8 the vectors reach.
 */

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const MASK_64 = (1n << 64n) - 1n;

export function uniqueString(parts: readonly string[]): string {
  let hash = murmurHash64(new TextEncoder().encode(parts.join('-')));
  let text = '';
  for (let i = 0; i < 13; i++) {
    text += BASE32[Number(hash >> 59n)];
    hash = (hash << 5n) & MASK_64;
  }
  return text;
}

export function murmurHash64(data: Uint8Array): bigint {
  const length = data.length;
  let h1 = 0;
  let h2 = 0;
  let index = 0;
  for (; index + 8 <= length; index += 8) {
    h1 = xor(h1, mixLow(littleEndian(data, index, 4)));
    h1 = add(mul(add(rotl(h1, 19), h2), 5), 0x561ccd1b);
    h2 = xor(h2, mixHigh(littleEndian(data, index + 4, 4)));
    h2 = add(mul(add(rotl(h2, 13), h1), 5), 0x0bcaa747);
  }
  const tail = length - index;
  if (tail > 0) h1 = xor(h1, mixLow(littleEndian(data, index, Math.min(tail, 4))));
  if (tail > 4) h2 = xor(h2, mixHigh(littleEndian(data, index + 4, tail - 4)));
  h1 = xor(h1, length);
  h2 = xor(h2, length);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = finalMix(h1);
  h2 = finalMix(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  return (BigInt(h2) << 32n) | BigInt(h1);
}

function mixLow(k: number): number {
  return mul(rotl(mul(k, C1), 15), C2);
}

function mixHigh(k: number): number {
  return mul(rotl(mul(k, C2), 17), C1);
}

function finalMix(h: number): number {
  h = xor(h, h >>> 16);
  h = mul(h, 0x85ebca6b);
  h = xor(h, h >>> 13);
  h = mul(h, 0xc2b2ae35);
  return xor(h, h >>> 16);
}

function littleEndian(data: Uint8Array, offset: number, count: number): number {
  let value = 0;
  for (let i = count - 1; i >= 0; i--) value = value * 256 + data[offset + i];
  return value >>> 0;
}

// 32-bit unsigned arithmetic, wrapping as the original's uint does.
function mul(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

function add(a: number, b: number): number {
  return (a + b) >>> 0;
}

function xor(a: number, b: number): number {
  return (a ^ b) >>> 0;
}

function rotl(x: number, bits: number): number {
  return ((x << bits) | (x >>> (32 - bits))) >>> 0;
}
