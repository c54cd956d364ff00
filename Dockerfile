# syntax=docker/dockerfile:1
#
# One image for every SARP process: the API, the Temporal worker and the
# migration one-shot; docker-compose.yml picks the command.
#   docker build -t sarp:local .
#   docker run --rm sarp:local node apps/worker/dist/main.js
#
# Debian (glibc) rather than Alpine: @temporalio/worker's native core bridge
# and @swc/core ship glibc binaries.

# Pinned to a Node release that still gets security fixes (22 is in maintenance LTS until 2027-04-30; move to
# 24 before then), exact to the patch so a rebuild does not change the runtime under the same tag. Raise it
# with the security releases (https://nodejs.org/en/about/previous-releases).
ARG NODE_IMAGE=node:22.23.3-bookworm-slim

# ---------------------------------------------------------------------------
# manifests: the lockfile and every workspace's package.json, nothing else, so
# the `npm ci` layers below stay cached until a dependency changes.
# Keep this list in step with "workspaces" in package.json (a unit test checks).
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY libs/config/package.json libs/config/
COPY libs/domain/package.json libs/domain/
COPY libs/events/package.json libs/events/
COPY libs/db/package.json libs/db/
COPY libs/kafka/package.json libs/kafka/
COPY libs/temporal/package.json libs/temporal/
COPY workflows/package.json workflows/
COPY activities/package.json activities/
COPY apps/worker/package.json apps/worker/
COPY apps/api/package.json apps/api/
COPY apps/web/package.json apps/web/
COPY tools/local-stack/package.json tools/local-stack/

# ---------------------------------------------------------------------------
# build: all dependencies, then `tsc -b` over the whole monorepo.
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
# After the build, gather the workspace folders (package.json, dist/, and any
# non-TS files a package reads at run time, e.g. SQL migrations) into /out,
# without their node_modules.
RUN npm run build \
 && mkdir -p /out \
 && tar --exclude=node_modules --exclude='*.tsbuildinfo' -cf /tmp/workspaces.tar \
      $(node -p "require('./package.json').workspaces.join(' ')") \
 && tar -xf /tmp/workspaces.tar -C /out \
 && rm /tmp/workspaces.tar

# ---------------------------------------------------------------------------
# prod-deps: production dependencies only. In an npm workspaces repo this also
# creates the node_modules/@sarp/* symlinks to the workspace folders, which the
# runtime stage fills in with the built packages.
FROM manifests AS prod-deps
ENV NODE_ENV=production
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# ---------------------------------------------------------------------------
# runtime
FROM prod-deps AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps
COPY --from=build /out/ ./
# Files stay owned by root (read-only for the app); the process runs as the
# image's unprivileged `node` user.
USER node
EXPOSE 3000
CMD ["node", "apps/api/dist/main.js"]
