/** @type {import('next').NextConfig} */
const nextConfig = {
  // Lets parallel builds (tests, benchmarks, developers) use separate output folders.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // A self-contained server build for the container image and the Kubernetes deployment.
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // The Elasticsearch client is a Node library with optional native bits; keep it out of the bundle.
  serverExternalPackages: ['@elastic/elasticsearch'],
};

export default nextConfig;
