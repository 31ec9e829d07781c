"""Web plumbing every blueprint shares: security headers, compression, versioned
static assets, the Jinja helpers, the error pages."""
