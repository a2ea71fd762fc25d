#!/usr/bin/env node
// The cdktf app command (cdktf.json "app"): main.ts from its cached esbuild bundle (bundled.js).
"use strict";
require("./bundled").runBundled("main.ts");
