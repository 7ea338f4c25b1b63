/** @type {import('next').NextConfig} */
const nextConfig = {
  // The image runs the standalone server (server.js + traced node_modules), nothing else.
  output: 'standalone',
  poweredByHeader: false,
};

module.exports = nextConfig;
