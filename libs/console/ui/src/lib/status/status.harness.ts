import { ComponentHarness } from '@angular/cdk/testing';

export class CarStatusHarness extends ComponentHarness {
  static hostSelector = 'fleet-car-status';

  async getStatus(): Promise<string | null> {
    return (await this.host()).getAttribute('data-status');
  }

  async getLabel(): Promise<string> {
    return (await this.locatorFor('.label')()).text();
  }
}

export class ExecutionStateHarness extends ComponentHarness {
  static hostSelector = 'fleet-execution-state';

  async getText(): Promise<string> {
    return (await this.host()).text();
  }

  async getTone(): Promise<string | null> {
    return (await this.host()).getAttribute('data-tone');
  }
}
