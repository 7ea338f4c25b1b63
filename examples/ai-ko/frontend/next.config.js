/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone', // the image runs .next/standalone/server.js
  poweredByHeader: false,
};

module.exports = nextConfig;
