#!/usr/bin/env node
/** The `ha-conf` command line (lint, fmt, json). */
console.error('ha-conf: not implemented yet');
process.exit(1);
