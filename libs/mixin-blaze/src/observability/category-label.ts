import { MessageCategory } from '../messages/categories.js';

const KNOWN: ReadonlySet<string> = new Set(Object.values(MessageCategory));

/**
 * The `category` label of a metric or span name: a category this library lists, else 'other'.
 * The wire's category is anyone's string; a label per value would let a sender grow the series
 * without bound (https://prometheus.io/docs/practices/naming/#labels).
 */
export function categoryLabel(category: unknown): string {
  return typeof category === 'string' && KNOWN.has(category) ? category : 'other';
}
