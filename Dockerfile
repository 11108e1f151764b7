# Switchboard as a container: build with `docker build -t switchboard .`, run with
# `docker run -p 3000:3000 -e CONSOLE_TOKEN=... -v switchboard-data:/app/data switchboard`.
# See docs/deploy.md (and compose.yaml for PostgreSQL with two replicas).

# 1. Production dependencies only; better-sqlite3 compiles here, with the build tools.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# TypeScript comes in only as an optional peer of i18next; the built gateway never loads it.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/typescript node_modules/@typescript

# 2. The build: every dependency (no native compile needed to compile TypeScript), then dist/.
FROM deps AS build
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY app ./app
COPY src ./src
COPY channels ./channels
COPY agents ./agents
COPY evals ./evals
COPY locales ./locales
COPY knowledge ./knowledge
RUN npm run build

# 3. What runs: Node, the production dependencies and dist/; no tsx, no TypeScript, not root.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/app/data/switchboard.db
WORKDIR /app
COPY --chown=node:node package.json ./
COPY --chown=node:node bin ./bin
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# The accepting thread's old generation capped at 1 GiB (it holds about 60 MiB live): with V8's default
# (a share of the machine's memory) it lets garbage grow to twice its peak under load. Same flags as npm run start:dist.
CMD ["node", "--max-old-space-size=1024", "dist/app/main.js"]
