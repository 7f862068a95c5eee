# Multi-stage build of the Tally service: the dashboard with Node, the jar with Maven, a small JRE image to run.
FROM node:20-bookworm-slim AS dashboard
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q -Dskip.frontend=true dependency:go-offline
COPY src src
COPY --from=dashboard /src/target/classes/static target/classes/static
RUN ./mvnw -B -q -Dskip.frontend=true -Dskip.cli=true -DskipTests package && cp target/tally-*.jar /tmp/tally.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --home /app tally && mkdir -p /app/data && chown tally /app/data
WORKDIR /app
COPY --from=build /tmp/tally.jar /app/tally.jar
COPY config /app/config
USER tally
VOLUME /app/data
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tally.jar"]
