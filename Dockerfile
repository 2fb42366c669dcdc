# The LMS image: the web server by default; `node dist/server/worker.js` for the job worker.
# Built in the full image (python3, make and g++ for the one native addon, fs-ext: the
# embedded store's flock; TypeScript to compile the server), then dev dependencies are
# pruned and the result copied into the slim image.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run samples && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
RUN mkdir -p /app/data && chown node:node /app/data
ENV PORT=3000 DATA_DIR=/app/data
EXPOSE 3000 3001
USER node
# node directly (not npm) so SIGTERM reaches the server and it shuts down gracefully.
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
