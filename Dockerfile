# Placette's production image: web (gunicorn), Celery worker and beat all run from it (see compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PLACETTE_VAR_DIR=/var/lib/placette

# WeasyPrint (PDF reports) renders through Pango and HarfBuzz; DejaVu gives it and the pages a complete font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The same uv as the Makefile; dependencies exactly as uv.lock says, without the development group.
RUN pip install --no-cache-dir "uv==0.13.9"
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --python /usr/local/bin/python

RUN groupadd --system placette \
    && useradd --system --gid placette --home-dir /var/lib/placette --no-create-home --shell /usr/sbin/nologin placette \
    && mkdir -p /var/lib/placette/static /var/lib/placette/media /var/lib/placette/mail \
    && chown -R placette:placette /var/lib/placette

COPY . .
RUN chmod 0755 docker/entrypoint.sh

# The compiled kernel of the equal-shares rule; the compiler is removed in the same layer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && python -m budgets.allocation.build_kernel \
    && apt-get purge -y --auto-remove gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*

USER placette
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["web"]
