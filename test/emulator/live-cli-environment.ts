import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArmEmulator, type EmulatorOptions } from '../../support/emulator/arm-emulator.js';
import { createTestCertificate, type TestCertificate } from '../../support/emulator/certificate.js';
import { RESEARCH, TENANT, TEST_TOKEN } from '../../support/emulator/collect-harness.js';
import { installStubAz, type StubAz } from './stub-az.js';

const ENV_KEYS = ['PATH', 'NODE_EXTRA_CA_CERTS', 'AZURE_SUBSCRIPTION_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_USERNAME', 'AZURE_FEDERATED_TOKEN_FILE'];

/**
 * The environment child processes see. Jest gives each test file a copy of process.env, but
 * Node's child_process (which AzureCliCredential uses to run `az`) reads the worker's real one:
 * it is reached through a function made in the outer realm (Buffer comes from there).
 */
const realEnv = (Buffer.constructor as FunctionConstructor)('return process.env')() as NodeJS.ProcessEnv;
const environments = realEnv === process.env ? [process.env] : [process.env, realEnv];

export interface LiveCliEnvironment {
  certificate: TestCertificate;
  az: StubAz;
  dir: string;
  /** Starts an emulator with this environment's certificate; closed after the tests. */
  emulator(options: EmulatorOptions): Promise<ArmEmulator>;
}

/**
 * What `aiscan … --auth cli --arm-endpoint https://127.0.0.1:P` needs in a test: a stub `az` first
 * on PATH that hands out `token` (the emulator's, which it accepts), the emulator's certificate in NODE_EXTRA_CA_CERTS,
 * and no Azure variables from the machine running the tests. Restored afterwards.
 */
export function useLiveCliEnvironment(token = TEST_TOKEN): LiveCliEnvironment {
  const saved = environments.map(() => ({}) as Record<string, string | undefined>);
  const emulators: ArmEmulator[] = [];
  const environment = {} as LiveCliEnvironment;
  beforeAll(() => {
    environment.dir = mkdtempSync(join(tmpdir(), 'aiscan-live-cli-'));
    environment.certificate = createTestCertificate();
    environment.az = installStubAz(environment.dir, { token, subscriptionId: RESEARCH, tenantId: TENANT });
    environments.forEach((env, index) => {
      for (const key of ENV_KEYS) saved[index][key] = env[key];
      for (const key of ENV_KEYS) delete env[key];
      env.PATH = `${environment.az.binDir}:${saved[index].PATH ?? ''}`;
      env.NODE_EXTRA_CA_CERTS = environment.certificate.certFile;
    });
    environment.emulator = async (options) => {
      const emulator = await ArmEmulator.start({ certificate: environment.certificate, token, ...options });
      emulators.push(emulator);
      return emulator;
    };
  });
  afterAll(async () => {
    environments.forEach((env, index) => {
      for (const key of ENV_KEYS) {
        if (saved[index][key] === undefined) delete env[key];
        else env[key] = saved[index][key];
      }
    });
    await Promise.all(emulators.map((emulator) => emulator.close()));
    rmSync(environment.dir, { recursive: true, force: true });
    rmSync(environment.certificate.dir, { recursive: true, force: true });
  });
  return environment;
}

/** Sets a variable where both this test and the child processes it starts see it (undefined: unset). */
export function setEnv(key: string, value: string | undefined): void {
  for (const env of environments) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
}
