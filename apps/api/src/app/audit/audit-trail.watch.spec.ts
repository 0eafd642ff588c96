import { BadRequestException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUDIT_LOGIN } from '@fleet/shared/contracts';
import { FakeClock } from '../../testing/fake-clock';
import { flush, HttpCall, httpContext } from '../auth/testing/http-context';
import { principal } from '../auth/testing/in-memory-auth';
import { AuditAction, auditActionOf } from './audit-action';
import { AuditTrail } from './audit-trail';
import { InMemoryAuditRepository } from './testing/in-memory-audit';

class CarsController {
  createCar(): string {
    return 'createCar';
  }
  @AuditAction(AUDIT_LOGIN) login(): string {
    return 'login';
  }
}

function setup() {
  const audit = new InMemoryAuditRepository();
  const clock = new FakeClock();
  const trail = new AuditTrail(audit, clock);
  const reflector = new Reflector();
  /**
   * Watches a write as the global guard does, then answers it as Nest does (`res.json` with the handler's result,
   * or with the error body of an exception, after setting the status) and ends the response.
   */
  const run = async (
    call: Partial<HttpCall>,
    outcome: { result?: unknown; error?: Error; status: number },
  ) => {
    const { context, req, res } = httpContext({
      controller: CarsController,
      handler: 'createCar',
      ...call,
    });
    if (call.headers?.['authorization']) req.user = principal('operator');
    trail.watch(req as never, res as never, auditActionOf(reflector, context));
    res.statusCode = outcome.status;
    res.json(
      outcome.error
        ? { statusCode: outcome.status, message: outcome.error.message }
        : outcome.result,
    );
    res.finish(outcome.status);
    await flush();
  };
  return { audit, trail, run, clock };
}

const asOperator = { authorization: 'Bearer t' };

describe(`${AuditTrail.name}.watch`, () => {
  it('records a successful write: who, role, what, target, from where, result, correlation id', async () => {
    const { audit, run, clock } = setup();

    await run(
      {
        method: 'POST',
        path: '/api/cars',
        headers: asOperator,
        body: { region: 'munich', name: 'c1' },
      },
      { result: { id: 'c1', region: 'munich' }, status: 201 },
    );

    expect(audit.rows).toEqual([
      {
        id: 1,
        at: clock.nowIso(),
        actor: 'operator-user',
        role: 'operator',
        action: 'POST /api/cars',
        method: 'POST',
        path: '/api/cars',
        targetId: 'c1',
        ip: '10.0.0.7',
        statusCode: 201,
        correlationId: 'corr-1',
        details: '{"region":"munich","name":"c1"}',
      },
    ]);
  });

  it('records a failed write with its error status and the route parameter as target', async () => {
    const { audit, run } = setup();

    await run(
      {
        method: 'PUT',
        path: '/api/cars/c9/state',
        route: '/api/cars/:id/state',
        params: { id: 'c9' },
        headers: asOperator,
        body: { state: 'flying' },
      },
      { error: new BadRequestException('state'), status: 400 },
    );

    expect(audit.rows[0]).toMatchObject({
      action: 'PUT /api/cars/:id/state',
      targetId: 'c9',
      statusCode: 400,
    });
  });

  it('records logins under the name tried, with the password masked', async () => {
    const { audit, run } = setup();
    const body = { username: 'ada', password: 'hunter2-hunter2' };

    await run(
      { method: 'POST', handler: 'login', body },
      { error: new Error('no'), status: 401 },
    );
    await run(
      { method: 'POST', handler: 'login', body },
      {
        result: {
          accessToken: 'eyJx.y.z',
          user: { username: 'ada', role: 'admin' },
        },
        status: 200,
      },
    );

    expect(
      audit.rows.map((r) => [
        r.actor,
        r.role,
        r.action,
        r.statusCode,
        r.targetId,
      ]),
    ).toEqual([
      ['ada', null, AUDIT_LOGIN, 401, null],
      ['ada', 'admin', AUDIT_LOGIN, 200, null],
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('hunter2');
    expect(JSON.stringify(audit.rows)).not.toContain('eyJx');
    expect(audit.rows[0].details).toBe('{"username":"ada","password":"***"}');
  });

  it('masks secrets in any write body', async () => {
    const { audit, run } = setup();

    await run(
      {
        method: 'PATCH',
        path: '/api/users/ada',
        route: '/api/users/:username',
        params: { username: 'ada' },
        headers: asOperator,
        body: { password: 'new-secret-password', role: 'viewer' },
      },
      { result: { username: 'ada' }, status: 200 },
    );

    expect(audit.rows[0].details).toBe('{"password":"***","role":"viewer"}');
  });

  it('never takes an error answer for the object created', async () => {
    const { audit, run } = setup();

    await run(
      { method: 'POST', path: '/api/cars', headers: asOperator },
      { result: { id: 'not-created' }, status: 409 },
    );

    expect(audit.rows[0]).toMatchObject({ statusCode: 409, targetId: null });
  });

  it('records a request the client abandoned as 499', async () => {
    const { audit, trail } = setup();
    const { req, res } = httpContext({
      method: 'DELETE',
      controller: CarsController,
      handler: 'createCar',
    });

    trail.watch(req as never, res as never);
    res.emit('close');
    await flush();

    expect(audit.rows[0].statusCode).toBe(499);
  });
});
