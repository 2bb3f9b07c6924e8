// Preloaded (node --require) into the linters test/openapi/lint.test.ts runs: any connection or
// DNS lookup to somewhere other than loopback is refused and reported on stderr as OFFLINE-GUARD,
// so a tool that tries to reach the internet (telemetry, update checks, remote $refs) fails the test.
"use strict";
const net = require("node:net");
const dns = require("node:dns");

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function refuse(what) {
  process.stderr.write(`OFFLINE-GUARD: refused ${what}\n`);
  return new Error(`offline: ${what} refused`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first) ? first[0] : first;
  if (typeof options === "object" && options !== null && options.path == null) {
    const host = options.host ?? "localhost";
    if (!LOOPBACK.has(host)) {
      const error = refuse(`connection to ${host}:${options.port}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
  } else if (typeof options === "number" || (typeof options === "string" && /^\d+$/.test(options))) {
    const host = typeof args[1] === "string" ? args[1] : "localhost";
    if (!LOOPBACK.has(host)) {
      const error = refuse(`connection to ${host}:${options}`);
      process.nextTick(() => this.destroy(error));
      return this;
    }
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) {
    const callback = rest.find((arg) => typeof arg === "function");
    const error = Object.assign(refuse(`DNS lookup of ${hostname}`), { code: "ENOTFOUND" });
    if (callback) process.nextTick(() => callback(error));
    return {};
  }
  return lookup.call(this, hostname, ...rest);
};
const promisesLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromisesLookup(hostname, ...rest) {
  if (!LOOPBACK.has(hostname)) throw Object.assign(refuse(`DNS lookup of ${hostname}`), { code: "ENOTFOUND" });
  return promisesLookup.call(this, hostname, ...rest);
};
