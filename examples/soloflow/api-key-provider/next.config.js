/** @type {import('next').NextConfig} */
module.exports = {
  // The image runs the standalone server (server.js + traced node_modules only).
  output: 'standalone',
};
