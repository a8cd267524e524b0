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
  // Every answer, static files and the API included: never framed, never sniffed, no referrer to
  // other origins. Pages get the full policy with a per-request script nonce from proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          {
            key: 'Content-Security-Policy',
            value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'",
          },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
