import {
  ArgumentsHost,
  BadRequestException,
  ConflictException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { ApiExceptionFilter, toApiError } from './api-exception.filter';

function httpHost(correlationId = 'corr-1') {
  const res = { headersSent: false, status: jest.fn(), json: jest.fn() };
  res.status.mockReturnValue(res);
  const req = { method: 'POST', originalUrl: '/api/cars', correlationId };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { host, res };
}

describe(ApiExceptionFilter.name, () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest
      .spyOn(Logger.prototype, 'warn')
      .mockImplementation(() => undefined);
    error = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers an HTTP exception with statusCode, message and the correlation id, logged once', () => {
    const { host, res } = httpHost();

    new ApiExceptionFilter().catch(
      new NotFoundException('car x not found'),
      host,
    );

    expect(res.status).toHaveBeenCalledWith(404);
    expect(res.json).toHaveBeenCalledWith({
      statusCode: 404,
      message: 'car x not found',
      error: 'Not Found',
      correlationId: 'corr-1',
    });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
  });

  it('keeps the validation messages as a list', () => {
    const { host, res } = httpHost();

    new ApiExceptionFilter().catch(
      new BadRequestException(['region must be a lower-case word']),
      host,
    );

    expect(res.json).toHaveBeenCalledWith(
      expect.objectContaining({
        statusCode: 400,
        message: ['region must be a lower-case word'],
      }),
    );
  });

  it('hides unexpected errors behind a 500 without a stack, and logs the stack', () => {
    const { host, res } = httpHost();

    new ApiExceptionFilter().catch(new Error('database on fire'), host);

    const body = res.json.mock.calls[0][0];
    expect(body).toEqual({
      statusCode: 500,
      message: 'Internal server error',
      correlationId: 'corr-1',
    });
    expect(JSON.stringify(body)).not.toContain('database on fire');
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][1]).toContain('database on fire');
  });
});

describe(toApiError.name, () => {
  it('takes a plain string response as the message', () => {
    expect(
      toApiError(new ConflictException('car a already exists'), 'c'),
    ).toEqual({
      statusCode: 409,
      message: 'car a already exists',
      error: 'Conflict',
      correlationId: 'c',
    });
  });
});
