/** @type {import('next').NextConfig} */
const nextConfig = {
  // A self-contained server build for the container image and the Kubernetes deployment.
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // The Elasticsearch client is a Node library with optional native bits; keep it out of the bundle.
  serverExternalPackages: ['@elastic/elasticsearch'],
};

export default nextConfig;
