# syntax=docker/dockerfile:1
# One multi-stage, multi-target Dockerfile for rootwatch's services:
#   docker build --target collector -t rootwatch-collector .   (likewise evaluator, notifier, standalone)
# Base images are pinned to exact versions; update them together, in this file only.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -q -DskipTests package \
 && mkdir -p /out \
 && cp standalone/target/rootwatch.jar /out/ \
 && cp -r standalone/target/lib /out/lib

FROM eclipse-temurin:17.0.13_11-jre-jammy AS runtime
RUN groupadd --system --gid 10001 rootwatch \
 && useradd --system --uid 10001 --gid rootwatch --home-dir /opt/rootwatch --shell /usr/sbin/nologin rootwatch \
 && mkdir -p /var/lib/rootwatch && chown 10001:10001 /var/lib/rootwatch
WORKDIR /opt/rootwatch
COPY --from=build --chown=root:root /out/ /opt/rootwatch/
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# rootwatch run's embedded broker log and the evaluator's state (data.dir): mount a volume here to keep them
ENV ROOTWATCH_DATA_DIR=/var/lib/rootwatch
EXPOSE 9464
# /healthz over bash's /dev/tcp: the JRE image has no curl
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]

FROM runtime AS collector
ENTRYPOINT ["java", "-cp", "rootwatch.jar:lib/*", "dev.rootwatch.collector.CollectorMain"]

FROM runtime AS evaluator
ENTRYPOINT ["java", "-cp", "rootwatch.jar:lib/*", "dev.rootwatch.evaluator.EvaluatorMain"]

FROM runtime AS notifier
ENTRYPOINT ["java", "-cp", "rootwatch.jar:lib/*", "dev.rootwatch.notifier.NotifierMain"]

FROM runtime AS standalone
ENTRYPOINT ["java", "-jar", "rootwatch.jar"]
CMD ["demo"]
