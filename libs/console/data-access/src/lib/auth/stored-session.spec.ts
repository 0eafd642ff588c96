import { aLoginResponse } from './testing';
import { readSession } from './stored-session';

describe('readSession', () => {
  const now = Date.parse('2026-11-26T10:00:00.000Z');

  it('restores a stored session that has not expired', () => {
    const session = aLoginResponse('operator', 'olga', now);
    expect(readSession(JSON.stringify(session), now)).toEqual(session);
  });

  it('drops an expired, malformed or foreign value', () => {
    const session = aLoginResponse('viewer', 'vic', now);
    expect(readSession(JSON.stringify(session), now + 3_600_000)).toBeNull();
    expect(readSession('{not json', now)).toBeNull();
    expect(readSession(JSON.stringify({ ...session, user: { username: 'x', role: 'root' } }), now)).toBeNull();
    expect(readSession(JSON.stringify({ ...session, accessToken: '' }), now)).toBeNull();
    expect(readSession(null, now)).toBeNull();
  });
});
