#!/bin/sh
# Debian's pg_ctl for pytest-postgresql's executor (tests/services.py). PostgreSQL refuses to run
# as root, so as root it runs as the "postgres" user that Debian's package creates.
PG_CTL=$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n 1)
[ -n "$PG_CTL" ] || { echo "pg_ctl not found: apt-get install postgresql" >&2; exit 127; }
if [ "$(id -u)" = 0 ]; then
    cd /tmp || exit 1
    exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_CTL" "$@"
fi
exec "$PG_CTL" "$@"
