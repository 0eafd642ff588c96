import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MqttContext, Payload } from '@nestjs/microservices';
import { TopicPatterns } from '@fleet/shared/contracts';
import { MqttTargetProvider } from './mqtt-target-provider';

/** Every car's COA answers (`symphony/+/response`), handed to the provider that waits for them. */
@Controller()
export class CoaResponsesController {
  constructor(private readonly provider: MqttTargetProvider) {}

  @EventPattern(TopicPatterns.symphonyResponse)
  onCoaResponse(@Payload() payload: unknown, @Ctx() ctx: MqttContext): void {
    this.provider.accept(ctx.getTopic(), payload);
  }
}
