import { UNSAFE_KEYS } from './payload-extras.js';

/**
 * The deepest nesting a payload may have. Real payloads are under 5 levels deep (an app card's
 * `actions[i]` is 3); class-transformer and class-validator recurse once per level, and ~2000
 * levels (a 4 KB payload) overflow the stack inside them.
 */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * Checks freshly parsed JSON before anything recursive sees it: returns false when it is
 * nested deeper than `maxDepth` levels (the top-level object or array is level 1). Walks with
 * an explicit stack, so any depth is safe here. On the way it deletes {@link UNSAFE_KEYS}
 * (`__proto__`, `constructor`, `prototype`) from every object, so no copy of the payload,
 * by this library or by a handler's `Object.assign` or deep merge, can pick them up.
 */
export function guardJson(root: unknown, maxDepth = MAX_PAYLOAD_DEPTH): boolean {
  if (typeof root !== 'object' || root === null) return true;
  const nodes: object[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const depth = depths.pop() as number;
    if (depth > maxDepth) return false;
    if (!Array.isArray(node)) {
      for (const key of UNSAFE_KEYS) if (Object.hasOwn(node, key)) delete node[key];
    }
    for (const value of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof value === 'object' && value !== null) {
        nodes.push(value);
        depths.push(depth + 1);
      }
    }
  }
  return true;
}
