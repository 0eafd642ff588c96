import { agentConfig, tempDir, testAgentDeps } from '../testing/factories';
import { CarAgent } from './car-agent';
import { launchAgent } from './launch';

describe(launchAgent.name, () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('starts the agent and stops it gracefully on termination', async () => {
    const deps = testAgentDeps(agentConfig({ runFolder: dir.path }));
    const agent = launchAgent(deps);
    expect(agent).toBeInstanceOf(CarAgent);
    deps.transport().connect();
    deps.fakeProcess.terminate('SIGTERM');
    await new Promise((r) => setImmediate(r));
    expect(deps.fakeProcess.exits).toEqual([0]);
    expect(deps.memoryLogger.lines).toContainEqual(expect.objectContaining({ message: 'stopping', fields: { reason: 'SIGTERM' } }));
  });

  it('exits 2 with one error line when the start fails', () => {
    const deps = testAgentDeps(agentConfig({ runFolder: dir.path, manifestPath: 'base.yaml' }), {
      readManifest: () => {
        throw new Error('ENOENT');
      },
    });
    expect(launchAgent(deps)).toBeNull();
    expect(deps.fakeProcess.exits).toEqual([2]);
    expect(deps.fakeProcess.stderr).toEqual(['error: cannot read --manifest base.yaml: Error: ENOENT']);
    expect(deps.cluster().stopped).toBe(true);
  });

  it('logs an uncaught error as one line and exits 1', async () => {
    const deps = testAgentDeps(agentConfig({ runFolder: dir.path }));
    const agent = launchAgent(deps);
    deps.fakeProcess.crash(new Error('kaputt'));
    expect(deps.fakeProcess.exits).toEqual([1]);
    const fatal = deps.memoryLogger.lines.find((l) => l.level === 'error');
    expect(fatal).toMatchObject({ message: 'uncaught error', fields: { error: expect.stringContaining('kaputt') } });
    await agent?.stop('test over');
  });
});
