#!/usr/bin/env bash
# Installs the Debian packages Sluice builds and tests with, when they are missing.
set -euo pipefail

# Build: libgit2 (with mbedTLS for private CAs), zlib for artifacts, SQLite, YAML, curl.
# Tests: git (daemon, http-backend), an OpenSSH server restricted to git-shell, openssl for test certificates (and Sprig crypto checks), apache2-utils (htpasswd verifies bcrypt and makes registry passwords), docker-registry (the CNCF OCI registry),
# curl (watch clients that stop reading) and sqlite3 (holding cluster.db's write lock to fail a commit).
# SOPS decryption: libgpgme-dev (build: OpenPGP through gpgme) with gnupg and gpg-agent (run: gpgme drives gpg and its agent;
# tests generate keys with gpg), age (tests make age keys and files with the real age-keygen and age).
packages=(libgit2-dev libmbedtls-dev zlib1g-dev libsqlite3-dev libyaml-dev libcurl4-openssl-dev pkg-config git openssh-server openssl curl sqlite3 tzdata docker-registry apache2-utils
          libgpgme-dev gnupg gpg-agent age)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # The registry package's own service would listen on every interface: tests start their own registry on loopback.
  if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
    $sudo systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi
command -v swift >/dev/null || { echo "bootstrap: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 1; }
command -v kubectl >/dev/null || echo "bootstrap: kubectl not found; tests that drive kubectl will be skipped" >&2
exit 0
