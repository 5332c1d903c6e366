# syntax=docker/dockerfile:1
# TechTree's image: Node 22 LTS (the app also runs on Node 20.19+, see package.json engines).
# Stage 1 builds the production dependencies, compiling better-sqlite3 when no prebuilt binary
# matches; stage 2 carries only them and the sources, runs as the unprivileged `node` user under
# tini (signals reach Node, zombies are reaped), and checks /healthz with Node itself (no curl).
FROM node:22-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PORT=3000 TECHTREE_DB=/app/data/techtree.db
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
COPY trees ./trees
# The SQLite file (embedded mode) lives on a volume the node user can write.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# Liveness only (the process answers); /readyz says whether the database and Redis do.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/techtree.js", "serve"]
