import { TestBed } from '@angular/core/testing';
import { aSummary } from '@fleet/console/testing';
import { FleetSummaryBar } from './fleet-summary';

describe(FleetSummaryBar.name, () => {
  const text = (el: HTMLElement, id: string) => el.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

  it('shows the total and one counter per status', async () => {
    const fixture = TestBed.createComponent(FleetSummaryBar);
    fixture.componentRef.setInput('summary', aSummary({ total: 42, byDisplay: { ok: 30, updating: 5, failed: 3, parked: 2, offline: 2 } }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(text(el, 'summary-total')).toBe('42');
    expect(text(el, 'summary-ok')).toBe('OK 30');
    expect(text(el, 'summary-failed')).toBe('Failed 3');
    expect(text(el, 'summary-offline')).toBe('Offline 2');
  });

  it('shows dashes until the first summary arrives', async () => {
    const fixture = TestBed.createComponent(FleetSummaryBar);
    await fixture.whenStable();
    expect(text(fixture.nativeElement, 'summary-total')).toBe('–');
  });
});
