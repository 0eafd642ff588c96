export const HELP_TEXT = `Usage: car-agent --name <id> [options]

A simulated Eclipse Ankaios agent: one process is one car, named by its agent name.

Options (modelled on ank-agent):
  -n, --name <id>            agent name and car id, [a-zA-Z0-9_-]{1,63} (required)
  -s, --server-url <url>     MQTT broker, mqtt:// or mqtts:// (default mqtt://127.0.0.1:1883)
  -k, --insecure             connect without client certificates
      --ca_pem <file>        CA certificate (PEM), with --crt_pem and --key_pem for mqtts
      --crt_pem <file>       client certificate (PEM)
      --key_pem <file>       client key (PEM)
      --mqtt-password-file <file>
                             MQTT password, read from this file (keep it 0600; a relative
                             path lies inside the run folder); with --insecure, or with
                             --ca_pem alone for mqtts
      --mqtt-username <name> MQTT username (default: --name)
  -t, --tag <key=value>      agent tag, repeatable (region and model are tags)
  -r, --run-folder <dir>     where the agent keeps its state (default <tmp>/ankaios/<name>_io)
Simulation:
      --manifest <file>      base manifest applied on the very first start (no saved state);
                             the literal __AGENT_NAME__ in it is replaced with --name
      --vehicle-state <s>    parked | driving, the vehicle state on the very first start
      --sim-speed <factor>   speed-up of simulated time (default 1)
  -h, --help                 print this help

Exit codes: 0 stopped, 1 crashed, 2 bad arguments or start failure, 3 name already connected.
`;
