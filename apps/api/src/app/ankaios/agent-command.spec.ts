import { agentSettings } from '../../testing/factories';
import { buildAgentCommand } from './agent-command';

describe(buildAgentCommand.name, () => {
  it('starts node in its small-footprint modes, mirrors the ank-agent flags and appends the extra agent args', () => {
    const command = buildAgentCommand(
      {
        id: 'munich-3f9a1c',
        region: 'munich',
        model: 'atlas-sedan',
        vehicleState: 'driving',
      },
      {
        settings: agentSettings({ args: ['--sim-speed', '20'] }),
        brokerUrl: 'mqtt://127.0.0.1:1884',
        dataDir: '/data',
        nodePath: '/usr/bin/node',
      },
    );

    expect(command).toEqual({
      command: '/usr/bin/node',
      args: [
        '--lite-mode',
        '--optimize-for-size',
        '--max-semi-space-size=1',
        '/fleet/dist/apps/car-agent/main.js',
        '--name',
        'munich-3f9a1c',
        '--server-url',
        'mqtt://127.0.0.1:1884',
        '--insecure',
        '--tag',
        'region=munich',
        '--tag',
        'model=atlas-sedan',
        '--run-folder',
        '/data/agents/munich-3f9a1c',
        '--manifest',
        '/fleet/ankaios/base-manifest.yaml',
        '--vehicle-state',
        'driving',
        '--sim-speed',
        '20',
      ],
      runFolder: '/data/agents/munich-3f9a1c',
    });
  });
});
