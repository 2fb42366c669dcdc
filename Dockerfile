# The LMS image: the web server by default; `npm run worker` for the job worker.
# Dependencies are installed in the full image, which has python3, make and g++ for the
# one native addon (fs-ext: the embedded store's flock), then copied into the slim one.
FROM node:20-bookworm AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Dev dependencies are skipped; tsx (runs the TypeScript) and esbuild (bundles the portal) are runtime dependencies.
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && npm run samples && mkdir -p /app/data && chown node:node /app/data
ENV PORT=3000 DATA_DIR=/app/data
EXPOSE 3000 3001
USER node
# node directly (not npm) so SIGTERM reaches the server and it shuts down gracefully.
CMD ["node", "--import=tsx", "server/main.ts"]
