// One cold start, as Lambda does it: a fresh Node process imports the bundle, then serves one event.
// Plain JavaScript on purpose (no TypeScript loader in the measured process).
// argv: <bundle file> <event JSON>; the timings go back over the IPC channel.
import { pathToFileURL } from "node:url";

const [file, eventJson] = process.argv.slice(2);
const event = JSON.parse(eventJson);
const context = {
  awsRequestId: "cold-start",
  functionName: "bench",
  getRemainingTimeInMillis: () => 25_000,
  callbackWaitsForEmptyEventLoop: false,
};

const start = performance.now();
const module = await import(pathToFileURL(file).href);
const imported = performance.now();
const result = await module.handler(event, context);
const answered = performance.now();

process.send(
  { bootMs: start, importMs: imported - start, firstRequestMs: answered - imported, totalMs: answered - start, status: result?.statusCode ?? null },
  () => process.exit(0), // kept-alive sockets would otherwise hold the process open
);
