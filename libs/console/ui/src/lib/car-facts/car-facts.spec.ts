import { TestBed } from '@angular/core/testing';
import { aCar } from '@fleet/console/testing';
import { CarFacts } from './car-facts';

describe(CarFacts.name, () => {
  const fact = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="fact-${id}"]`)?.textContent?.trim();

  it('shows version, agent load, pid and restarts', async () => {
    const fixture = TestBed.createComponent(CarFacts);
    fixture.componentRef.setInput(
      'car',
      aCar({ version: '1.2.4', load: { cpuUsage: 12.34, freeMemory: 256 * 1024 * 1024 }, pid: 4242, restarts: 3 }),
    );
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(fact(el, 'version')).toBe('1.2.4');
    expect(fact(el, 'load')).toBe('12.3 % CPU, 256 MiB free');
    expect(fact(el, 'pid')).toBe('4242');
    expect(fact(el, 'restarts')).toBe('3');
  });

  it('shows dashes for a car that has not reported yet', async () => {
    const fixture = TestBed.createComponent(CarFacts);
    fixture.componentRef.setInput('car', aCar({ version: null, load: null, pid: null }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect([fact(el, 'version'), fact(el, 'load'), fact(el, 'pid')]).toEqual(['—', '—', '—']);
  });
});
