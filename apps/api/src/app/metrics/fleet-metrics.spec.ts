import {
  CarTopics,
  FleetConnectorTopics,
  SymphonyTopics,
} from '@fleet/shared/contracts';
import { FleetMetrics, mqttMessageLabels, topicFamily } from './fleet-metrics';

describe(topicFamily.name, () => {
  it('names the family of every topic the API publishes or receives', () => {
    expect(
      [
        SymphonyTopics.request('car-c1'),
        SymphonyTopics.response('car-c1'),
        FleetConnectorTopics.stateRequest('c1'),
        FleetConnectorTopics.applyResponse('c1'),
        CarTopics.status('c1'),
        CarTopics.command('c1'),
        'fleet/cluster/relay',
        'symphony',
      ].map(topicFamily),
    ).toEqual([
      'symphony',
      'symphony',
      'ankaios',
      'ankaios',
      'cars',
      'cars',
      'other',
      'other',
    ]);
  });
});

describe(mqttMessageLabels.name, () => {
  it('counts messages by direction and family', () => {
    const metrics = new FleetMetrics();
    for (const topic of [
      SymphonyTopics.request('car-c1'),
      SymphonyTopics.request('car-c2'),
      FleetConnectorTopics.stateRequest('c1'),
    ])
      metrics.mqttMessages.inc(mqttMessageLabels('out', topic));
    metrics.mqttMessages.inc(mqttMessageLabels('in', CarTopics.status('c1')));

    expect(metrics.mqttMessages.family().samples).toEqual([
      { labels: { direction: 'out', family: 'symphony' }, value: 2 },
      { labels: { direction: 'out', family: 'ankaios' }, value: 1 },
      { labels: { direction: 'in', family: 'cars' }, value: 1 },
    ]);
  });
});
