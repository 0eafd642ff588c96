import { pageHeaders } from './page-headers';

const URL = '/api/ankaios/state';

describe(pageHeaders.name, () => {
  it('links the next page only on the first of several, the previous only on the last', () => {
    expect(pageHeaders(URL, { page: 1, pageSize: 10, total: 25 })).toEqual({
      'X-Total-Count': '25',
      Link: `<${URL}?page=2&pageSize=10>; rel="next"`,
    });
    expect(pageHeaders(URL, { page: 3, pageSize: 10, total: 25 })).toEqual({
      'X-Total-Count': '25',
      Link: `<${URL}?page=2&pageSize=10>; rel="prev"`,
    });
  });

  it('gives no Link header when everything fits one page, and counts an empty match as 0', () => {
    expect(pageHeaders(URL, { page: 1, pageSize: 10, total: 10 })).toEqual({
      'X-Total-Count': '10',
    });
    expect(pageHeaders(URL, { page: 1, pageSize: 10, total: 0 })).toEqual({
      'X-Total-Count': '0',
    });
  });

  it('keeps every other parameter as sent, repeated ones included, and replaces page and pageSize in place', () => {
    const url = `${URL}?mask=workloadStates.*.nav&page=2&mask=agents&pageSize=5&region=munich`;

    const { Link } = pageHeaders(url, { page: 2, pageSize: 5, total: 11 });

    expect(Link).toBe(
      [
        `<${URL}?mask=workloadStates.*.nav&page=3&mask=agents&pageSize=5&region=munich>; rel="next"`,
        `<${URL}?mask=workloadStates.*.nav&page=1&mask=agents&pageSize=5&region=munich>; rel="prev"`,
      ].join(', '),
    );
  });
});
