import { DEFAULT_PAGE_SIZE, pageWindow } from './paging';

describe(pageWindow.name, () => {
  it('applies the defaults: page 1 of DEFAULT_PAGE_SIZE items', () => {
    expect(pageWindow({})).toEqual({
      page: 1,
      pageSize: DEFAULT_PAGE_SIZE,
      start: 0,
      end: DEFAULT_PAGE_SIZE,
    });
  });

  it('gives the slice of a later page', () => {
    expect(pageWindow({ page: 3, pageSize: 20 })).toEqual({
      page: 3,
      pageSize: 20,
      start: 40,
      end: 60,
    });
  });
});
