import { UserError } from '../../errors.js';
import { pathToPointer } from '../../ajv.js';
import type { JsonPath } from '../../estate.js';

/** ARM refuses a copy loop (of resources, properties or variables) of more than 800 iterations. */
export const MAX_COPY_COUNT = 800;

/**
 * A copy loop's count as ARM accepts it: a whole number from 0 to 800. The bound also keeps a
 * template from a pull request from asking aiscan to build billions of values.
 */
export function copyCount(count: unknown, file: string, path: JsonPath): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_COPY_COUNT) {
    throw new UserError(`${file}: at ${pathToPointer(path)}: a copy count is a whole number from 0 to ${MAX_COPY_COUNT}, not ${JSON.stringify(count)}`);
  }
  return count;
}
