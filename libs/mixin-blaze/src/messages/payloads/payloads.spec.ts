import 'reflect-metadata';
import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decodeMessageView } from '../message-decoder.js';
import { modelledCategories } from '../payload-registry.js';
import { isEncryptedCategory, TEXT_CATEGORIES } from '../categories.js';
import { SAMPLE_IDS as I, sampleMessageView, samplePayload } from '../../testing/message-fixtures.js';
import { INCOMING_TRANSFORM, INCOMING_VALIDATION, OUTGOING_TRANSFORM, OUTGOING_VALIDATION } from '../dto-options.js';
import { payloadSpecFor } from '../payload-registry.js';
import { SENDABLE_CATEGORIES } from '../../sending/sendable-categories.js';
import { AccountSnapshotPayload, AppButton, AppCardCover, AppCardPayload, AudioPayload, ImagePayload } from './index.js';

const WIRE = { exposeUnsetFields: false };
const jsonCategories = modelledCategories().filter((c) => !TEXT_CATEGORIES.has(c) && !isEncryptedCategory(c));

describe('payload classes: instanceToPlain gives the wire shape back', () => {
  it.each(jsonCategories)('%s round-trips wire → DTO → wire', (category) => {
    const wire = samplePayload(category);
    const msg = decodeMessageView(sampleMessageView(category, wire));
    expect(instanceToPlain(msg.payload, WIRE)).toEqual(wire);
  });

  it('writes snake_case for a payload built in code (the sending direction)', () => {
    const image = Object.assign(new ImagePayload(), {
      attachmentId: I.attachmentId,
      mimeType: 'image/png',
      width: 2,
      height: 3,
      size: 4,
      thumbnail: 'AA==',
    });
    expect(validateSync(image)).toEqual([]);
    expect(instanceToPlain(image, WIRE)).toEqual({
      attachment_id: I.attachmentId,
      mime_type: 'image/png',
      width: 2,
      height: 3,
      size: 4,
      thumbnail: 'AA==',
    });
  });

  it('writes nested app-card objects in snake_case', () => {
    const card = Object.assign(new AppCardPayload(), {
      appId: I.appId,
      title: 't',
      description: 'd',
      cover: Object.assign(new AppCardCover(), { mimeType: 'image/png', url: 'https://x/c.png', width: 1, height: 1 }),
      coverUrl: 'https://x/c.png',
    });
    expect(instanceToPlain(card, WIRE)).toEqual({
      app_id: I.appId,
      title: 't',
      description: 'd',
      cover: { mime_type: 'image/png', url: 'https://x/c.png', width: 1, height: 1 },
      cover_url: 'https://x/c.png',
    });
  });

  it('reads wave_form but writes waveform', () => {
    const audio = plainToInstance(
      AudioPayload,
      { attachment_id: I.attachmentId, mime_type: 'audio/ogg', size: 1, duration: 1, wave_form: 'AQID' },
      { excludeExtraneousValues: true },
    );
    expect(audio.waveform).toBe('AQID');
    expect(instanceToPlain(audio, WIRE)).toEqual({
      attachment_id: I.attachmentId,
      mime_type: 'audio/ogg',
      size: 1,
      duration: 1,
      waveform: 'AQID',
    });
  });

  it('prefers waveform over wave_form when both are present', () => {
    const audio = plainToInstance(AudioPayload, { waveform: 'new', wave_form: 'old' }, { excludeExtraneousValues: true });
    expect(audio.waveform).toBe('new');
  });

  it('reads counter_user_id but writes opponent_id', () => {
    const snapshot = plainToInstance(
      AccountSnapshotPayload,
      { ...(samplePayload('SYSTEM_ACCOUNT_SNAPSHOT') as object), opponent_id: undefined, counter_user_id: I.userId },
      { excludeExtraneousValues: true },
    );
    expect(snapshot.opponentId).toBe(I.userId);
    const wire = instanceToPlain(snapshot, WIRE);
    expect(wire.opponent_id).toBe(I.userId);
    expect(wire).not.toHaveProperty('counter_user_id');
  });

  it('validates a hand-built button group element', () => {
    const ok = Object.assign(new AppButton(), { label: 'Go', color: '#AABBCC', action: 'https://x' });
    const bad = Object.assign(new AppButton(), { label: '', color: '#ABC', action: '' });
    expect(validateSync(ok)).toEqual([]);
    expect(validateSync(bad).map((e) => e.property).sort()).toEqual(['action', 'color', 'label']);
  });
});

describe('incoming and outgoing rules (class-validator groups)', () => {
  const rulesBroken = (value: object, options: typeof INCOMING_VALIDATION) => validateSync(value, options).map((e) => e.property).sort();

  it('accepts on the way in what it refuses on the way out: a colourless button, an image without sizes', () => {
    const goButton = plainToInstance(AppButton, { label: 'Yes', action: 'input:yes', color: '' }, INCOMING_TRANSFORM);
    expect(rulesBroken(goButton, INCOMING_VALIDATION)).toEqual([]);
    expect(rulesBroken(goButton, OUTGOING_VALIDATION)).toEqual(['color']);
    const foxImage = plainToInstance(ImagePayload, { attachment_id: I.attachmentId, mime_type: 'image/png' }, INCOMING_TRANSFORM);
    expect(rulesBroken(foxImage, INCOMING_VALIDATION)).toEqual([]);
    expect(rulesBroken(foxImage, OUTGOING_VALIDATION)).toEqual(['height', 'size', 'width']);
  });

  it('converts numeric strings only on the way in', () => {
    const wire = { attachment_id: I.attachmentId, mime_type: 'image/png', width: '2', height: '3', size: '4' };
    expect(plainToInstance(ImagePayload, wire, INCOMING_TRANSFORM)).toMatchObject({ width: 2, height: 3, size: 4 });
    const outgoing = plainToInstance(ImagePayload, wire, OUTGOING_TRANSFORM);
    expect(outgoing.width).toBe('2');
    expect(rulesBroken(outgoing, OUTGOING_VALIDATION)).toEqual(['height', 'size', 'width']);
  });

  it.each(SENDABLE_CATEGORIES.filter((c) => !TEXT_CATEGORIES.has(c)))('a valid outgoing %s sample also passes the incoming rules', (category) => {
    const spec = payloadSpecFor(category);
    if (spec.kind !== 'object' && spec.kind !== 'array') throw new Error(`${category} has no payload class`);
    const sample = samplePayload(category);
    for (const wire of Array.isArray(sample) ? sample : [sample]) {
      expect(rulesBroken(plainToInstance(spec.payloadClass, wire, OUTGOING_TRANSFORM), OUTGOING_VALIDATION)).toEqual([]);
      expect(rulesBroken(plainToInstance(spec.payloadClass, wire, INCOMING_TRANSFORM), INCOMING_VALIDATION)).toEqual([]);
    }
  });
});
