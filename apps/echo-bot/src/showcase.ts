import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from 'nestjs-mixin-blaze';

/** The commands the bot answers with a message of another category; anything else is echoed. */
export const SHOWCASE_COMMANDS = ['help', 'post', 'card', 'buttons', 'image'] as const;

// A 1×1 JPEG, so the image reply has a thumbnail to draw.
const TINY_JPEG = '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=';

/**
 * The reply to a showcase command (`help`, `post`, `card`, `buttons`, `image`), or undefined for
 * ordinary text. Shows how a bot sends each category; the playground draws them.
 */
export function showcaseReply(command: string, conversationId: string, appId: string): OutgoingMessage | undefined {
  switch (command.trim().toLowerCase()) {
    case 'help':
      return {
        conversationId,
        category: 'PLAIN_POST',
        payload: [
          '### Echo bot',
          'I echo what you write. Try these:',
          '- `post`: this kind of message (**markdown**)',
          '- `card`: an app card',
          '- `buttons`: a button group',
          '- `image`: an image',
          '- `crash`: a handler that always fails (watch it retry, then go to the dead letters)',
        ].join('\n'),
      };
    case 'post':
      return {
        conversationId,
        category: 'PLAIN_POST',
        payload: '## Weekly report\n\n- **42** new users\n- _3_ open issues\n\n> Markdown from a bot is shown as text, never as HTML: <b>not bold</b>\n\nSee the [docs](https://developers.mixin.one).',
      };
    case 'card':
      return {
        conversationId,
        category: 'APP_CARD',
        payload: {
          app_id: appId,
          title: 'Echo bot',
          description: 'An app card: a title, a description and actions.',
          actions: [{ label: 'Say hi', action: 'input:hi', color: '#1F6FEB' }],
        },
      };
    case 'buttons':
      return {
        conversationId,
        category: 'APP_BUTTON_GROUP',
        payload: [
          { label: 'Post', action: 'input:post', color: '#2E9D5B' },
          { label: 'Card', action: 'input:card', color: '#1F6FEB' },
          { label: 'Mixin', action: 'https://mixin.one', color: '#7A5AF8' },
        ],
      };
    case 'image':
      // A real bot uploads the picture first (POST /attachments) and sends that attachment id;
      // Mixin refuses an id it never issued. The emulator takes any uuid.
      return {
        conversationId,
        category: 'PLAIN_IMAGE',
        payload: { attachment_id: randomUUID(), mime_type: 'image/jpeg', width: 1, height: 1, size: 125, thumbnail: TINY_JPEG },
      };
    default:
      return undefined;
  }
}
