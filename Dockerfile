# syntax=docker/dockerfile:1
# WhatPro Hub: one image for API nodes and workers (HUB_ROLE picks the role). See docs/DEPLOY.md.
#
#   docker build -t whatpro-hub .
#   docker run --init -p 3000:3000 --env-file .env whatpro-hub

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Only the lockfile and every workspace's package.json, so the `npm ci` layer below is rebuilt when
# dependencies change, not on every source edit (and new workspaces are picked up without editing this file).
FROM base AS manifests
WORKDIR /src
COPY . .
RUN find . -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /app/ \; \
 && cp package-lock.json /app/

# Full install (the builds need dev dependencies), build the server, the web app and the Dashboard Script,
# then drop dev dependencies (tsx and esbuild among them: nothing at run time compiles TypeScript).
FROM base AS build
COPY --from=manifests /app ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build -w @whatpro/server -w @whatpro/web -w @whatpro/embed \
 && npm prune --omit=dev

# Runtime: the built server (apps/server/dist, migrations read from apps/server/drizzle), owned by root
# and read-only to the app user. NODE_OPTIONS=--enable-source-maps maps stack traces to the sources.
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=build /app /app
# /data is only used by the embedded database (no DATABASE_URL): mount a volume there to keep it.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
# Readiness (the database answers; a Redis outage does not fail it). Workers serve no HTTP: compose.yaml
# disables this check for them.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/server/dist/main.js"]
