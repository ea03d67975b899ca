import type { ArmResource, CoverageEntry } from '../../estate.js';
import { asResources } from './arm-types.js';
import { gapEntry, isProviderNotRegistered, notRegisteredEntry, readEntry } from './coverage.js';
import type { ProgressReporter } from './progress.js';

type List = () => Promise<Record<string, unknown>[]>;

/**
 * Reads resource types of one subscription and keeps the coverage list: one entry per type,
 * `read` with a count, or the reason it could not be read. A failure never stops the others.
 */
export class TypeReader {
  readonly coverage: CoverageEntry[] = [];
  private readonly failed = new Set<string>();

  constructor(
    readonly subscriptionId: string,
    private readonly progress?: ProgressReporter,
  ) {}

  /**
   * Lists one type and records the outcome; undefined when it could not be read. A provider that
   * is not registered in the subscription is read as empty (ARM answers the list with an error).
   */
  async read(type: string, list: List): Promise<ArmResource[] | undefined> {
    try {
      const resources = await this.fetchResources(type, list);
      this.record(readEntry(this.subscriptionId, type, resources.length));
      return resources;
    } catch (error) {
      if (!isProviderNotRegistered(error, type)) return this.fail(type, error);
      this.record(notRegisteredEntry(this.subscriptionId, type, error));
      return [];
    }
  }

  /** Lists one part of a type (under one parent, in one region) without recording: the caller records the type once. */
  async fetchResources(type: string, list: List): Promise<ArmResource[]> {
    const { resources, malformed } = asResources(await this.fetchItems(type, list));
    if (malformed > 0) throw new Error(`${malformed} item(s) in the list have no resource id`);
    return resources;
  }

  async fetchItems(type: string, list: List): Promise<Record<string, unknown>[]> {
    this.progress?.typeStarted(this.subscriptionId, type);
    return list();
  }

  /** Records a gap; resources already read are still returned (and counted). */
  fail(type: string, error: unknown, partial?: ArmResource[]): ArmResource[] | undefined {
    this.failed.add(type.toLowerCase());
    this.record(gapEntry(this.subscriptionId, type, error, partial?.length));
    return partial;
  }

  record(entry: CoverageEntry): void {
    this.coverage.push(entry);
    this.progress?.typeFinished(this.subscriptionId, entry);
  }

  hasFailed(type: string): boolean {
    return this.failed.has(type.toLowerCase());
  }
}
