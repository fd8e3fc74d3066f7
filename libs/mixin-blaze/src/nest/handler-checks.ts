import { isKnownCategory, nearestCategory } from '../messages/nearest-category.js';
import { BlazeOptionsError } from '../options/blaze-options.error.js';
import { ANY_CATEGORY } from '../dispatch/handler-registry.js';
import { botLabel } from './bot-tokens.js';
import type { OnMessageMetadata } from './on-message.decorator.js';

/**
 * The bots of the application, one per `forRoot`. Two of the same name (two unnamed ones, the
 * natural first try at a second bot) would each bind every handler and answer from the wrong
 * session, so that fails startup, saying what to do instead.
 */
export function checkBots(names: ReadonlyArray<string | null>): ReadonlySet<string | null> {
  const seen = new Set<string | null>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new BlazeOptionsError(
        'name',
        `is the same for two MixinBlazeModule.forRoot/forRootAsync imports (${botLabel(name)}): give each bot its own name, ` +
          `e.g. forRoot({ name: 'support', keystore, ... }); bind its handlers with @OnMessage(category, { bot: 'support' }) ` +
          `and inject its service with @InjectMixinBlaze('support')`,
      );
    }
    seen.add(name);
  }
  return seen;
}

/**
 * A category that is not listed is most likely a typo (`PLAIN_TXT`), which would leave every
 * message of the intended category acked with no handler: refuse it, naming the nearest one.
 * Categories Mixin adds later go through `unlistedCategory()`, which says so.
 */
export function checkCategories(entry: OnMessageMetadata, handler: string): void {
  for (const category of entry.categories) {
    if (category === ANY_CATEGORY || entry.unlisted.includes(category) || isKnownCategory(category)) continue;
    throw new BlazeOptionsError(
      `@OnMessage on ${handler}`,
      `names the unknown category "${category.slice(0, 64)}": did you mean "${nearestCategory(category)}"? ` +
        `For a category this library does not list yet, use @OnMessage(unlistedCategory('${category.slice(0, 64)}')).`,
    );
  }
}
