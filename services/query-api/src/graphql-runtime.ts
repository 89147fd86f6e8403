/**
 * graphql 16 ships both a CommonJS and an ES module build without an exports map. Node (and so
 * graphql-yoga) loads the CommonJS one, while a bundler-style resolver (vitest) would pick the ES
 * module, and two copies of graphql refuse each other's schema objects. Importing the CommonJS entry
 * explicitly keeps one copy everywhere.
 */
export * from 'graphql/index.js';
