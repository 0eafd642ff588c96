import { Injectable, inject } from '@angular/core';
import type { LogLine, LogSubscription } from '@fleet/shared/contracts';
import { Observable, filter, map } from 'rxjs';
import { RealtimeClient } from '../realtime/realtime-client';

/** Live log lines of one car over the socket: subscribes on start and after reconnects, unsubscribes on teardown. */
@Injectable({ providedIn: 'root' })
export class CarLogsClient {
  private readonly realtime = inject(RealtimeClient);

  follow(carId: string, workload?: string | null): Observable<LogLine[]> {
    const subscription: LogSubscription = workload ? { carId, workload } : { carId };
    return new Observable<LogLine[]>((subscriber) => {
      const subscribe = () =>
        this.realtime.request('logs.subscribe', subscription).then((ack) => {
          if (!ack.ok) subscriber.error(new Error(ack.error ?? 'The API refused the log subscription'));
        });
      const lines = this.realtime
        .on('car.logs')
        .pipe(
          filter((event) => event.carId === carId),
          map((event) => (workload ? event.lines.filter((line) => line.workload === workload) : event.lines)),
          filter((batch) => batch.length > 0),
        )
        .subscribe(subscriber);
      lines.add(this.realtime.reconnected$.subscribe(() => void subscribe()));
      void subscribe();
      return () => {
        lines.unsubscribe();
        void this.realtime.request('logs.unsubscribe', subscription);
      };
    });
  }
}
