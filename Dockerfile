# One image for every Interra service and the gateway; compose / Kubernetes choose the command, e.g.
#   nameko run --config deploy/config.yaml duos.service
#   python -m deploy.declare            (one-shot: declares the durable queues before services start)
# Build: docker build -t interra/platform:dev .

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# pyproject files and sources of the nine packages (tests, egg-info and caches are in .dockerignore).
COPY contracts/ contracts/
COPY chassis/ chassis/
COPY libs/ libs/
COPY services/ services/
COPY gateway/ gateway/
# Non-editable: the packages land in the virtualenv; /src is left behind with this stage.
RUN pip install --no-cache-dir \
        ./contracts ./chassis ./libs/matching \
        ./services/members ./services/workshops ./services/duos \
        ./services/incubator ./services/notifications \
        ./gateway

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DATA_DIR=/app/var/data \
    MAIL_DIR=/app/var/mail
# Numeric uid so Kubernetes' runAsNonRoot can verify it.
RUN groupadd --system --gid 10001 interra \
    && useradd --system --uid 10001 --gid interra --home-dir /app --no-create-home --shell /usr/sbin/nologin interra
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# nameko config and the deploy package (python -m deploy.declare); deploy/k8s is in .dockerignore.
COPY deploy/ deploy/
# var/ owned by the service user: named volumes mounted here (MAIL_DIR, embedded DATA_DIR) inherit it.
RUN mkdir -p /app/var/data /app/var/mail && chown -R 10001:10001 /app/var
USER 10001:10001
EXPOSE 8000
CMD ["python", "-c", "print('Interra image: give a command, e.g. nameko run --config deploy/config.yaml duos.service')"]
