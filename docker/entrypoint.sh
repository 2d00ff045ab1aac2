#!/bin/sh
# Entry point of the Placette image.
#   web            apply migrations, collect static files, then serve with gunicorn on :8000
#   anything else  run as given (compose.yml runs `celery -A config worker ...` and `celery -A config beat ...`)
set -eu

if [ "${1:-web}" = "web" ]; then
    python manage.py migrate --noinput
    python manage.py collectstatic --noinput
    exec gunicorn config.wsgi \
        --bind 0.0.0.0:8000 \
        --forwarded-allow-ips "*" \
        --access-logfile - \
        --timeout 60
fi

exec "$@"
