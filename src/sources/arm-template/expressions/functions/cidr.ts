/**
 * CIDR functions (template-functions-cidr.md), IPv4 and IPv6. Not in the scope the library was
 * asked for, but ARM has them and templates compute subnets with them, which network rules read.
 *
 * A network given with host bits set (10.144.3.7/20) is read as its network (10.144.0.0/20).
 * IPv4's first and last addresses are the network and broadcast addresses, so hosts start at
 * the second; IPv6 has no broadcast address, and its hosts start at the network address + 1 too,
 * as the reference's cidrHost example shows (fdad:3236:5555:3000::1 is host 0).
 */
import { objectFrom } from '../values.js';
import { intArg, stringArg } from './arguments.js';
import { fn, type FunctionDefinition, type Invocation } from './function.js';
import { bitsOf, formatIp, parseIp, type IpAddress } from './ip-address.js';

interface Network {
  readonly address: IpAddress;
  readonly prefix: number;
  readonly bits: number;
}

export const CIDR_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('parseCidr', 1, (args, at) => {
    const { address, prefix, bits } = network(stringArg(args, 0, at), at);
    const size = 1n << BigInt(bits - prefix);
    const last = address.value + size - 1n;
    const mask = ((1n << BigInt(bits)) - 1n) ^ (size - 1n);
    const ip = (value: bigint) => formatIp({ version: address.version, value });
    if (address.version === 6) {
      return objectFrom([['network', ip(address.value)], ['netmask', ip(mask)], ['firstUsable', ip(address.value)], ['lastUsable', ip(last)], ['cidr', prefix]]);
    }
    const [firstUsable, lastUsable] = prefix >= 31 ? [address.value, last] : [address.value + 1n, last - 1n];
    return objectFrom([['network', ip(address.value)], ['netmask', ip(mask)], ['broadcast', ip(last)], ['firstUsable', ip(firstUsable)], ['lastUsable', ip(lastUsable)], ['cidr', prefix]]);
  }),
  fn('cidrSubnet', 3, (args, at) => {
    const { address, prefix, bits } = network(stringArg(args, 0, at), at);
    const newPrefix = intArg(args, 1, at);
    const index = intArg(args, 2, at);
    if (newPrefix < prefix || newPrefix > bits) at.fail(`takes a new CIDR from ${prefix} to ${bits} for a /${prefix} network, not ${newPrefix}`);
    const count = 1n << BigInt(newPrefix - prefix);
    if (index < 0 || BigInt(index) >= count) at.fail(`has the subnet index ${index}, and a /${prefix} network has ${count} subnets of /${newPrefix}, from index 0`);
    const value = address.value + BigInt(index) * (1n << BigInt(bits - newPrefix));
    return `${formatIp({ version: address.version, value })}/${newPrefix}`;
  }),
  fn('cidrHost', 2, (args, at) => {
    const { address, prefix, bits } = network(stringArg(args, 0, at), at);
    const index = intArg(args, 1, at);
    const size = 1n << BigInt(bits - prefix);
    const hosts = address.version === 4 ? size - 2n : size - 1n;
    if (index < 0 || BigInt(index) >= hosts) at.fail(`has the host index ${index}, and the network has ${hosts > 0n ? hosts : 0n} usable hosts, from index 0`);
    return formatIp({ version: address.version, value: address.value + 1n + BigInt(index) });
  }),
];

function network(text: string, at: Invocation): Network {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  const address = match ? parseIp(match[1]) : undefined;
  if (!match || !address || Number(match[2]) > bitsOf(address.version)) {
    return at.fail(`expects an IP address range in CIDR notation, like 10.144.0.0/20 or fdad:3236:5555::/48, not ${JSON.stringify(text)}`);
  }
  const bits = bitsOf(address.version);
  const prefix = Number(match[2]);
  const hostBits = (1n << BigInt(bits - prefix)) - 1n;
  return { address: { version: address.version, value: address.value & ~hostBits }, prefix, bits };
}
