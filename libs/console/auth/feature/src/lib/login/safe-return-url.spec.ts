import { safeReturnUrl } from './safe-return-url';

describe('safeReturnUrl', () => {
  it('keeps paths inside the console', () => {
    expect(safeReturnUrl('/cars/c1?tab=logs')).toBe('/cars/c1?tab=logs');
  });

  it.each([undefined, '', 'https://evil.example', '//evil.example', '/\\evil', '/login?returnUrl=/x'])(
    'falls back to the cars page for %p',
    (value) => {
      expect(safeReturnUrl(value)).toBe('/cars');
    },
  );
});
