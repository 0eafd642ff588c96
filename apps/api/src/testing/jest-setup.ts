import { Logger } from '@nestjs/common';

// Specs assert on log calls through spies; the output itself would only bury the test report.
Logger.overrideLogger(false);
