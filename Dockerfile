# syntax=docker/dockerfile:1
# flo-interviewer-backend: one jar, the API in the foreground and the worker in the background (start.sh).

# --- build: the jar, with Maven (dependencies cached in their own layer) ---
# The same Java as the runtime (the code targets Java 17: <java.version> in pom.xml).
FROM maven:3.9-eclipse-temurin-25 AS build
# The build fetches LiveKit's FFI library with pip download (scripts/livekit/ffi.sh), and the
# Silero VAD model and LiveKit's browser SDK for the candidate's page with npm pack
# (scripts/vad/model.sh, scripts/web/livekit-client.sh).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline -DexcludeGroupIds=ai.flo || true
COPY scripts ./scripts
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/flo-interviewer-backend-*.jar /src/app.jar

# --- runtime-base: a JRE with ffmpeg and curl, user app (uid 1000), /app and its data folders ---
# Also the base image for `mvn jib:build` (see docs/operations.md, "Container").
FROM eclipse-temurin:25-jre AS runtime-base
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg curl \
 && rm -rf /var/lib/apt/lists/* \
 && (userdel -r ubuntu 2>/dev/null || true) \
 && groupadd --gid 1000 app \
 && useradd --uid 1000 --gid 1000 --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /app/logs /app/uploads /app/interview_data /app/user_uploads /app/transcriptions \
 && chown -R app:app /app
WORKDIR /app
ENV FLO_HOME=/app

# --- runtime ---
FROM runtime-base AS runtime
COPY --from=build --chown=app:app /src/app.jar /app/app.jar
COPY --chown=app:app --chmod=755 start.sh /app/start.sh
USER app
# The extracted jar and its class data sharing archives (/app/.cds; on this Java 25 an AOT cache
# per role), made by the runtime's own JVM, so that containers start without a training run
# (start.sh makes them otherwise).
RUN ./start.sh --prepare
EXPOSE 8000
VOLUME ["/app/logs", "/app/uploads", "/app/interview_data", "/app/user_uploads", "/app/transcriptions"]
HEALTHCHECK --interval=30s --timeout=30s --start-period=5s --retries=3 \
  CMD curl -f http://localhost:8000/health || exit 1
CMD ["./start.sh"]
