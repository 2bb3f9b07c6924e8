/**
 * Child process for the lock tests: opens the store in argv[2], prints "ready", and keeps it open
 * until killed (or closes it and exits on "close" from stdin).
 */
import { EmbeddedBucketStore } from "../../packages/local/src/embedded-store";

const store = await EmbeddedBucketStore.open(process.argv[2]!);
process.stdout.write("ready\n");
process.stdin.on("data", (chunk) => {
  if (String(chunk).includes("close")) void store.close().then(() => process.exit(0));
});
