// Stands in for the `debug` package in the agent's bundle (see webpack.config.js): mqtt-packet only logs
// through it when DEBUG is set, and loading it costs a car ~2.5 MB RSS.
module.exports = () => () => undefined;
