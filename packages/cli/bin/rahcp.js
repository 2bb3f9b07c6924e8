#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader API (Node 20.6+ and 24 alike), so no build step.
import { tsImport } from "tsx/esm/api";

const { main } = await tsImport("../src/main.ts", import.meta.url);
await main();
