import { BlazeConnectionError } from '../transport/blaze-connection.error.js';
import { BlazeRequestError } from '../transport/blaze-request.error.js';
import { isPermanentRefusal } from './ack-refusal.js';
import { HttpTransportError } from './http-transport.js';
import { MixinApiError } from './mixin-api.error.js';

describe('isPermanentRefusal', () => {
  const api = (status: number, code?: number) => new MixinApiError('x', status, code);

  it.each([
    ['10002 under 202', api(202, 10002)],
    ['10002 under 400', api(400, 10002)],
    ['code 403 under 202', api(202, 403)],
    ['code 400 under 200', api(200, 400)],
    ['HTTP 400', api(400)],
    ['HTTP 413', api(413)],
    ['HTTP 422', api(422)],
    ['socket reply 10002', new BlazeRequestError('ACKNOWLEDGE_MESSAGE_RECEIPT', { status: 202, code: 10002, description: 'invalid' })],
  ])('permanent: %s', (_name, err) => expect(isPermanentRefusal(err)).toBe(true));

  it.each([
    ['no response', api(0)],
    ['HTTP 401', api(401, 401)],
    ['code 401 under 202', api(202, 401)],
    ['HTTP 408', api(408)],
    ['HTTP 429', api(429, 429)],
    ['code 429 under 400', api(400, 429)],
    ['HTTP 500', api(500, 500)],
    ['HTTP 503', api(503)],
    ['socket 7000', new BlazeRequestError('ACKNOWLEDGE_MESSAGE_RECEIPT', { status: 500, code: 7000, description: 'x' })],
    ['socket not connected', new BlazeConnectionError('down', 'not-connected')],
    ['transport error', new HttpTransportError('ECONNRESET')],
    ['plain error', new Error('400')],
    ['non-error', { status: 400, code: 10002 }],
  ])('transient: %s', (_name, err) => expect(isPermanentRefusal(err)).toBe(false));
});
