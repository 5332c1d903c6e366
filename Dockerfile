FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
COPY trees ./trees
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
USER node
CMD ["node", "bin/techtree.js", "serve"]
