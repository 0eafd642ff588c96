import { of, throwError } from 'rxjs';
import { ListState } from './list-state';

describe(ListState.name, () => {
  it('keeps the items of a good load and the message of a bad one', () => {
    const state = new ListState<number>();
    state.load(of([1, 2])).subscribe();
    expect([state.items(), state.error(), state.loading()]).toEqual([[1, 2], null, false]);
    state.load(throwError(() => new Error('nope'))).subscribe();
    expect([state.items(), state.error(), state.loading()]).toEqual([[1, 2], 'nope', false]);
  });
});
