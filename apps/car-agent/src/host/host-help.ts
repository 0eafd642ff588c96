export const HOST_HELP_TEXT = `Usage: car-agent host [agent flags without --name] [--count N] [--prefix P] [--log-level L]

Runs many cars in one process (for large simulated fleets). Each car is a full agent with its own MQTT
connection and identity, its own simulated Ankaios cluster and its own run folder <run-folder>/<name>.

  --count N        start N cars at once, named <prefix>-1 .. <prefix>-N (default 0)
  --prefix P       name prefix (default sim)
  --log-level L    debug | info | warn | error for the cars' lines (default warn)

More cars come and go through the IPC channel when a parent started the host:
  {"type":"add","name":"<id>","tags":{"region":"munich"},"vehicleState":"parked"}   {"type":"remove","name":"<id>"}
and the host answers {"type":"added"|"exited"|"rejected", "name", ...}.
`;
