# Flexix collector + API + UI. The server runs from the TypeScript sources through tsx; only the UI is built.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build:ui && npm prune --omit=dev

FROM node:20.20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/collector ./collector
COPY --from=build /app/engine ./engine
COPY --from=build /app/ui/dist ./ui/dist
ENV NODE_ENV=production
EXPOSE 4318 8080
ENTRYPOINT ["node", "collector/cli/flexix.js"]
CMD ["serve", "--host", "0.0.0.0", "--data", "/data"]
