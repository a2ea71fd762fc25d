"use strict";
// The bindings and the app must share one framework module: its tokens and construct checks are per copy.
module.exports = require("cdktn");
