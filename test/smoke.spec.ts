import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { SignJWT, generateKeyPair } from 'jose';
import { decodeFrame, encodeFrame } from '../libs/mixin-blaze/src/transport/frame-codec.js';

@Injectable()
class Dep {}
@Injectable()
class Svc { constructor(readonly dep: Dep, readonly disc: DiscoveryService) {} }
@Module({ imports: [DiscoveryModule], providers: [Dep, Svc] })
class M {}

test('stack boots', async () => {
  const mod = await Test.createTestingModule({ imports: [M] }).compile();
  const app = mod.createNestApplication ? await mod.init() : mod;
  expect(mod.get(Svc).dep).toBeInstanceOf(Dep);
  const { privateKey } = await generateKeyPair('EdDSA');
  const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: 'EdDSA' }).sign(privateKey);
  expect(jwt.split('.')).toHaveLength(3);
  expect(decodeFrame(encodeFrame({ id: 'x', action: 'A' }), { maxCompressedBytes: 1e6, maxInflatedBytes: 1e6 }).action).toBe('A');
  await app.close();
});
