#!/usr/bin/env bash
# Builds a Mosquitto password file for the API (fleet-api) and the given cars, with a random secret each.
# Usage: tools/mosquitto/make-passwords.sh OUT_DIR CAR_ID...
#   OUT_DIR/passwd            for mosquitto.conf's password_file (hashed by mosquitto_passwd)
#   OUT_DIR/secrets/<user>    the plain secrets, 0600: secrets/fleet-api is the API's MQTT_PASSWORD, and
#                             OUT_DIR/secrets is its MQTT_CAR_SECRETS_DIR (the supervisor hands each car its own)
# Users whose secret file exists keep their secret, so the script can be run again to add cars.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  sed -n '2,8p' "$0" >&2
  exit 2
fi
out=$1
shift
command -v mosquitto_passwd >/dev/null || { echo "error: mosquitto_passwd not found (apt-get install mosquitto)" >&2; exit 1; }

umask 077
mkdir -p "$out/secrets"
[[ -f "$out/passwd" ]] || : > "$out/passwd"

for user in fleet-api "$@"; do
  if [[ ! "$user" =~ ^[a-zA-Z0-9_-]{1,63}$ ]]; then
    echo "error: \"$user\" must match [a-zA-Z0-9_-]{1,63}" >&2
    exit 2
  fi
  if [[ "$user" != fleet-api && ( "$user" == fleet-api* || "$user" == ank-server ) ]]; then
    echo "error: the car id $user is reserved" >&2
    exit 2
  fi
  secret_file="$out/secrets/$user"
  [[ -s "$secret_file" ]] || openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' > "$secret_file"
  # -b puts the secret on mosquitto_passwd's command line for a moment; run this on a trusted host.
  mosquitto_passwd -b "$out/passwd" "$user" "$(cat "$secret_file")"
done
echo "wrote $out/passwd and $out/secrets/ for fleet-api $*"
