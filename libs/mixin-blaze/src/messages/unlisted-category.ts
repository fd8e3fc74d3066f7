/**
 * A category this library does not list (one Mixin added later), passed on purpose: wrap it with
 * {@link unlistedCategory} so that `@OnMessage` and `send()` take it without a compile-time check,
 * and the startup check does not refuse it as a typo. Its messages arrive as `UnknownMessage`
 * (the payload as raw bytes); `send()` takes a `Buffer` payload for it.
 */
export class UnlistedCategory<N extends string = string> {
  constructor(
    /** The category as it goes on the wire. */
    readonly name: N,
  ) {
    if (typeof name !== 'string' || name.length === 0) throw new TypeError('unlistedCategory() needs a category name');
  }

  toString(): string {
    return this.name;
  }
}

/** The escape hatch for categories this library does not list: `@OnMessage(unlistedCategory('NEW_THING'))`. */
export function unlistedCategory<N extends string>(name: N): UnlistedCategory<N> {
  return new UnlistedCategory(name);
}

/** The wire name of a category given as a string or as an {@link UnlistedCategory}. */
export function categoryName(category: string | UnlistedCategory): string {
  return category instanceof UnlistedCategory ? category.name : category;
}
