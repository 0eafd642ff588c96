import { Controller } from '@nestjs/common';
import { Ctx, MqttContext, Payload } from '@nestjs/microservices';
import { DirectEventPattern } from '../../mqtt/direct-event-pattern';
import { TopicPatterns } from '@fleet/shared/contracts';
import { MqttTargetProvider } from './mqtt-target-provider';

/** Every car's COA answers (`symphony/+/response`), handed to the provider that waits for them. */
@Controller()
export class CoaResponsesController {
  constructor(private readonly provider: MqttTargetProvider) {}

  @DirectEventPattern(TopicPatterns.symphonyResponse)
  onCoaResponse(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    this.provider.accept(ctx.getTopic(), payload);
  }
}
