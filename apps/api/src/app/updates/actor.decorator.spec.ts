import { actorOf, SYSTEM_ACTOR } from './actor.decorator';

describe(actorOf.name, () => {
  it('names the signed-in user, else the system', () => {
    expect(actorOf({ user: { username: 'alice', role: 'operator' } })).toBe(
      'alice',
    );
    expect(actorOf({})).toBe(SYSTEM_ACTOR);
    expect(actorOf({ user: { username: '' } })).toBe(SYSTEM_ACTOR);
    expect(actorOf(undefined)).toBe(SYSTEM_ACTOR);
  });
});
