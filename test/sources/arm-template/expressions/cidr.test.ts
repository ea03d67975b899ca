import { failure, run } from './fixture.js';

// Examples from template-functions-cidr.md (MicrosoftDocs/azure-docs).

describe('parseCidr', () => {
  it('describes an IPv4 range', () => {
    expect(run("[parseCidr('10.144.0.0/20')]")).toEqual({
      network: '10.144.0.0',
      netmask: '255.255.240.0',
      broadcast: '10.144.15.255',
      firstUsable: '10.144.0.1',
      lastUsable: '10.144.15.254',
      cidr: 20,
    });
  });

  it('describes an IPv6 range, which has no broadcast address', () => {
    expect(run("[parseCidr('fdad:3236:5555::/48')]")).toEqual({
      network: 'fdad:3236:5555::',
      netmask: 'ffff:ffff:ffff::',
      firstUsable: 'fdad:3236:5555::',
      lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff',
      cidr: 48,
    });
  });

  it('reads a range given with host bits set as its network', () => {
    expect(run("[parseCidr('10.144.3.7/20').network]")).toBe('10.144.0.0');
    expect(run("[parseCidr('FDAD:3236:5555:1234::1/48').network]")).toBe('fdad:3236:5555::');
    expect(run("[parseCidr('::1/128').network]")).toBe('::1');
  });

  it.each(["'10.144.0.0'", "'10.144.0.256/20'", "'10.144.0.0/33'", "'fdad::3236::/48'", "'fdad:3236/48'", "'not an address/8'"])('refuses %s', (input) => {
    expect(failure(`[parseCidr(${input})]`)).toMatch(/^parseCidr\(\): expects an IP address range in CIDR notation, like 10\.144\.0\.0\/20 or fdad:3236:5555::\/48, not /);
  });
});

describe('cidrSubnet', () => {
  it('gives the subnets of a range, by index', () => {
    expect(run("[map(range(0, 5), lambda('i', cidrSubnet('10.144.0.0/20', 24, lambdaVariables('i'))))]")).toEqual([
      '10.144.0.0/24',
      '10.144.1.0/24',
      '10.144.2.0/24',
      '10.144.3.0/24',
      '10.144.4.0/24',
    ]);
    expect(run("[map(range(0, 5), lambda('i', cidrSubnet('fdad:3236:5555::/48', 52, lambdaVariables('i'))))]")).toEqual([
      'fdad:3236:5555::/52',
      'fdad:3236:5555:1000::/52',
      'fdad:3236:5555:2000::/52',
      'fdad:3236:5555:3000::/52',
      'fdad:3236:5555:4000::/52',
    ]);
  });

  it('refuses a CIDR wider than the range’s, or an index past its subnets', () => {
    expect(failure("[cidrSubnet('10.144.0.0/20', 16, 0)]")).toBe('cidrSubnet(): takes a new CIDR from 20 to 32 for a /20 network, not 16');
    expect(failure("[cidrSubnet('10.144.0.0/20', 24, 16)]")).toBe('cidrSubnet(): has the subnet index 16, and a /20 network has 16 subnets of /24, from index 0');
  });
});

describe('cidrHost', () => {
  it('gives the usable hosts of a range, by index', () => {
    expect(run("[map(range(0, 5), lambda('i', cidrHost('10.144.3.0/24', lambdaVariables('i'))))]")).toEqual(['10.144.3.1', '10.144.3.2', '10.144.3.3', '10.144.3.4', '10.144.3.5']);
    expect(run("[map(range(0, 5), lambda('i', cidrHost('fdad:3236:5555:3000::/52', lambdaVariables('i'))))]")).toEqual([
      'fdad:3236:5555:3000::1',
      'fdad:3236:5555:3000::2',
      'fdad:3236:5555:3000::3',
      'fdad:3236:5555:3000::4',
      'fdad:3236:5555:3000::5',
    ]);
    expect(run("[cidrHost('192.168.1.0/24', 253)]")).toBe('192.168.1.254');
  });

  it('refuses an index past the usable hosts: 192.168.1.255 is the broadcast address', () => {
    expect(failure("[cidrHost('192.168.1.0/24', 254)]")).toBe('cidrHost(): has the host index 254, and the network has 254 usable hosts, from index 0');
  });
});
