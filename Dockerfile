# Flexix collector + API + UI. Runs from the TypeScript sources through tsx (no build step for the server).
FROM node:20.20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY schemas ./schemas
COPY collector ./collector
COPY engine ./engine
COPY ui ./ui
ENV NODE_ENV=production
EXPOSE 4318 8080
ENTRYPOINT ["node", "collector/cli/flexix.js"]
CMD ["serve", "--host", "0.0.0.0"]
