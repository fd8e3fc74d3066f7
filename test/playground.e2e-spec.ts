import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { BlazeEmulator, playgroundReporting, useEmulator } from 'nestjs-mixin-blaze/testing';
import { BotModule } from '../apps/echo-bot/src/bot.module.js';
import { CaptureLogger } from './support/capture-logger.js';
import { findProgram } from './support/system-deps.mjs';

// The flags a sandboxed, offline machine needs (docs: .library/env/machines/node.md): no network
// chatter at start-up, no GPU, and a fresh profile in a temp folder.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 10_000 };

/**
 * The playground in a real browser: the echo bot's own module against the emulator over loopback,
 * driven through the page as a user would. Set UPDATE_SCREENSHOT=1 to rewrite docs/playground.png.
 */
describe('the playground page', () => {
  let emu: BlazeEmulator;
  let app: INestApplicationContext;
  let browser: BrowserContext;
  let page: Page;
  let profile: string;
  const elsewhere: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    emu = await BlazeEmulator.start({ playground: true });
    process.env.MIXIN_KEYSTORE = JSON.stringify(emu.keystore);
    const moduleRef = await useEmulator(Test.createTestingModule({ imports: [BotModule], providers: playgroundReporting(emu.playground!) }), emu)
      .setLogger(new CaptureLogger())
      .compile();
    app = await moduleRef.init();
    const executablePath = findProgram('chromium') as string | undefined;
    if (!executablePath) throw new Error('chromium is not on PATH (test/support/system-deps.mjs installs it)');
    profile = mkdtempSync(join(tmpdir(), 'playground-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1200, height: 760 } });
    // Nothing may be fetched from anywhere but the playground itself (offline, no CDN).
    const ours = (url: string) => url.startsWith(emu.playground!.url) || url.startsWith('data:');
    browser.on('request', (request) => {
      if (!ours(request.url())) elsewhere.push(request.url());
    });
    await browser.route((url) => !ours(url.href), (route) => route.abort());
    page = browser.pages()[0] ?? (await browser.newPage());
    // A CSP violation or a script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(emu.playground!.url);
    await page.locator('#status[data-status=live]').waitFor(WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await emu?.close();
    delete process.env.MIXIN_KEYSTORE;
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const userMessage = (category: string, states: string) => page.locator(`.conversation-log:not([hidden]) .msg.user[data-category=${category}][data-states~="${states}"]`);
  const botReply = (text: string) => page.locator('.conversation-log:not([hidden]) .msg.bot').filter({ hasText: text });

  it('typing a text and pressing Enter: the echo appears, and the message is delivered, handled and acked', async () => {
    await page.locator('#text').fill('hello playground');
    await page.locator('#text').press('Enter');
    await botReply('echo: hello playground').waitFor(WAIT);
    const sent = userMessage('PLAIN_TEXT', 'acked').filter({ hasText: 'hello playground' });
    await sent.waitFor(WAIT);
    expect(await sent.getAttribute('data-states')).toBe('delivered handled acked');
  });

  it('the Image button sends a PLAIN_IMAGE: the bot describes it, and it is acked (by the handler itself)', async () => {
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await userMessage('PLAIN_IMAGE', 'acked').waitFor(WAIT);
    await botReply('nice 1024x768 image/jpeg').waitFor(WAIT);
    await userMessage('PLAIN_IMAGE', 'handled').waitFor(WAIT);
  });

  it('a malformed payload is dead-lettered and acked; a transfer and a contact are acked', async () => {
    await page.getByRole('button', { name: 'Malformed' }).click();
    await page.locator('.msg.user[data-states~="dead-lettered"][data-states~="acked"]').waitFor(WAIT);
    await page.getByRole('button', { name: 'Transfer' }).click();
    await botReply('thanks for the 0.01!').waitFor(WAIT);
    await userMessage('SYSTEM_SAFE_SNAPSHOT', 'acked').waitFor(WAIT);
    await page.getByRole('button', { name: 'Contact' }).click();
    await userMessage('PLAIN_CONTACT', 'acked').waitFor(WAIT);
  });

  it('draws what the bot sends: markdown (bot HTML stays text), an app card, buttons that answer, an image', async () => {
    for (const command of ['post', 'card', 'buttons', 'image']) {
      await page.locator('#text').fill(command);
      await page.locator('#text').press('Enter');
    }
    const post = page.locator('.msg.bot .md').last();
    await post.locator('strong', { hasText: '42' }).waitFor(WAIT);
    expect(await post.locator('b').count()).toBe(0);
    expect(await post.textContent()).toContain('<b>not bold</b>');
    expect(await post.locator('a').getAttribute('rel')).toContain('noopener');
    await page.locator('.msg.bot .card .card-title', { hasText: 'Echo bot' }).waitFor(WAIT);
    await page.locator('.msg.bot[data-category=PLAIN_IMAGE] .image img').waitFor(WAIT);
    const buttons = page.locator('.msg.bot[data-category=APP_BUTTON_GROUP] .action');
    await buttons.first().waitFor(WAIT);
    expect(await buttons.allTextContents()).toEqual(['Post', 'Card', 'Mixin']);
    const posts = await page.locator('.msg.bot[data-category=PLAIN_POST]').count();
    await buttons.first().click(); // input:post: the page sends "post" as the user
    await page.locator('.msg.bot[data-category=PLAIN_POST]').nth(posts).waitFor(WAIT);
  });

  it('a second user and a group: Bob speaks in the group, and the bot answers there', async () => {
    const group = page.locator('.conversation', { hasText: 'Group' });
    await group.click();
    await page.locator('#speaker').selectOption({ label: 'Bob' });
    await page.locator('#text').fill('hi from Bob');
    await page.locator('#text').press('Enter');
    await botReply('echo: hi from Bob').waitFor(WAIT);
    const mine = page.locator('.conversation-log:not([hidden]) .msg.user', { hasText: 'hi from Bob' });
    expect(await mine.locator('.who').textContent()).toBe('Bob');
    await page.locator('.conversation', { hasText: 'Bob' }).filter({ hasNotText: 'Group' }).click();
    expect(await page.locator('.conversation-log:not([hidden]) .msg').count()).toBe(0);
    if (process.env.UPDATE_SCREENSHOT) {
      await page.locator('.conversation', { hasText: 'Alice' }).filter({ hasNotText: 'Group' }).click();
      await page.setViewportSize({ width: 1200, height: 1000 });
      await page.screenshot({ path: 'docs/playground.png' });
    }
  });

  it('fetched nothing from elsewhere, and the page logged no error (a CSP violation would be one)', () => {
    expect(elsewhere).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
