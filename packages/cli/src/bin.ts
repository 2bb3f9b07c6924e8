// Entry of the bundle (dist/rahcp.js, the `rahcp` bin): packages/cli/scripts/bundle.ts builds it.
import { main } from "./main";

await main();
