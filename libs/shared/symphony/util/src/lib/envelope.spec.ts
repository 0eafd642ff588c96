import { CoaState } from '@fleet/shared/contracts';
import { encodeCoaRequest, encodeCoaResponse, serializeCoa } from './envelope';
import { decodeCoaRequest, decodeCoaResponse, parseJsonBody } from './envelope-decode';

// Byte-exact vectors: what Go's encoding/json writes for coa/pkg/apis/v1alpha2 COARequest / COAResponse.
const REQUEST_ID = '8f14e45f-ceea-467a-9c5c-1d1e2f3a4b5c';
const REQUEST_WIRE =
  '{"method":"POST","route":"instances","contentType":"","body":"eyJzb2x1dGlvbk5hbWUiOiJmbGVldC12LTEuMi40In0=",' +
  `"metadata":{"active-target":"car-c1","request-id":"${REQUEST_ID}"}}`;
const RESPONSE_WIRE = `{"contentType":"text/plain","body":"cm91dGUgbm90IGZvdW5k","state":404,"metadata":{"request-id":"${REQUEST_ID}"}}`;

describe(`${encodeCoaRequest.name} and ${decodeCoaRequest.name}`, () => {
  it('encodes a request as Go marshals it: struct field order, sorted metadata, base64 body', () => {
    const request = encodeCoaRequest({
      method: 'POST',
      route: 'instances',
      body: { solutionName: 'fleet-v-1.2.4' },
      metadata: { 'request-id': REQUEST_ID, 'active-target': 'car-c1' },
    });
    expect(serializeCoa(request)).toBe(REQUEST_WIRE);
  });

  it('decodes that request back to its envelope and body text', () => {
    const decoded = decodeCoaRequest(REQUEST_WIRE);
    expect(decoded).toEqual({
      ok: true,
      value: {
        envelope: expect.objectContaining({ method: 'POST', route: 'instances', metadata: { 'active-target': 'car-c1', 'request-id': REQUEST_ID } }),
        bodyText: '{"solutionName":"fleet-v-1.2.4"}',
      },
    });
  });

  it('encodes and decodes a response with a text body', () => {
    const response = encodeCoaResponse({ state: CoaState.NotFound, contentType: 'text/plain', body: 'route not found', metadata: { 'request-id': REQUEST_ID } });
    expect(serializeCoa(response)).toBe(RESPONSE_WIRE);
    const decoded = decodeCoaResponse(Buffer.from(RESPONSE_WIRE));
    expect(decoded.ok && decoded.value.bodyText).toBe('route not found');
    expect(decoded.ok && decoded.value.envelope.state).toBe(404);
  });

  it('keeps non-ASCII text intact through base64', () => {
    const request = encodeCoaRequest({ method: 'GET', route: 'instances', body: '{"region":"zürich"}' });
    expect(request.body).toBe('eyJyZWdpb24iOiJ6w7xyaWNoIn0=');
    const decoded = decodeCoaRequest(serializeCoa(request));
    expect(decoded.ok && decoded.value.bodyText).toBe('{"region":"zürich"}');
  });

  it('writes a missing body as null and leaves empty metadata out, as omitempty does', () => {
    expect(serializeCoa(encodeCoaResponse({ state: CoaState.OK, metadata: {} }))).toBe('{"contentType":"","body":null,"state":200}');
  });

  it('decodes a null or absent body as empty text', () => {
    const decoded = decodeCoaResponse('{"state":200,"body":null}');
    expect(decoded).toEqual({ ok: true, value: { envelope: { contentType: '', body: null, state: 200 }, bodyText: '' } });
    expect(decodeCoaRequest('{"method":"GET","route":"instances"}').ok).toBe(true);
  });
});

describe(`${decodeCoaRequest.name} of malformed payloads`, () => {
  it.each([
    ['not JSON', 'not json {', 'not-json', undefined],
    ['a JSON array', '[1,2]', 'not-object', undefined],
    ['a request without a method', '{"route":"instances"}', 'missing-field', 'method'],
    ['a request with a numeric route', '{"method":"GET","route":7}', 'wrong-type', 'route'],
    ['metadata that is not a string map', '{"method":"GET","route":"instances","metadata":{"request-id":1}}', 'wrong-type', 'metadata'],
    ['a body that is not base64', '{"method":"POST","route":"instances","body":"***"}', 'bad-base64', 'body'],
    ['a body that is an object', '{"method":"POST","route":"instances","body":{"a":1}}', 'wrong-type', 'body'],
  ])('rejects %s with a typed error', (_, payload, kind, field) => {
    const decoded = decodeCoaRequest(payload);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.error.kind).toBe(kind);
      expect(decoded.error.field).toBe(field);
    }
  });

  it('rejects bytes that are not UTF-8', () => {
    const decoded = decodeCoaRequest(new Uint8Array([0xff, 0xfe, 0x7b]));
    expect(!decoded.ok && decoded.error.kind).toBe('not-utf8');
  });

  it('rejects base64 of bytes that are not UTF-8 text', () => {
    const decoded = decodeCoaRequest('{"method":"POST","route":"instances","body":"//4="}');
    expect(!decoded.ok && decoded.error.kind).toBe('bad-base64');
  });

  it.each([
    ['without a state', '{"body":null}', 'missing-field'],
    ['with a fractional state', '{"state":200.5}', 'wrong-type'],
    ['with a string state', '{"state":"200"}', 'wrong-type'],
  ])('rejects a response %s', (_, payload, kind) => {
    const decoded = decodeCoaResponse(payload);
    expect(!decoded.ok && decoded.error.kind).toBe(kind);
  });

  it('reports a body that is empty or not JSON when JSON is expected', () => {
    expect(parseJsonBody('')).toEqual({ ok: false, error: expect.objectContaining({ kind: 'body-not-json' }) });
    expect(parseJsonBody('{oops')).toEqual({ ok: false, error: expect.objectContaining({ kind: 'body-not-json' }) });
    expect(parseJsonBody('[]')).toEqual({ ok: true, value: [] });
  });
});
