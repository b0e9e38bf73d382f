#!/usr/bin/env bash
# Starts the services the integration tests talk to, on loopback only:
#   pcscd (with the vsmartcard virtual reader, which listens on 127.0.0.1:35963)
#   a throw-away PostgreSQL cluster on 127.0.0.1:${MADOGUCHI_TEST_PG_PORT:-55432}
# Source it and call start_test_services; it exports MADOGUCHI_TEST_PG_URL.
# Running it again reuses what is already up.

pcscd_alive() {
    # A killed pcscd can linger as a zombie that pgrep still lists: look at its state.
    local pid state
    for pid in $(pgrep -x pcscd 2>/dev/null); do
        state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
        [[ -n "$state" && "$state" != "Z" ]] && return 0
    done
    return 1
}

start_pcscd() {
    if pcscd_alive; then
        return 0
    fi
    if ! command -v pcscd >/dev/null 2>&1 && [[ ! -x /usr/sbin/pcscd ]]; then
        echo "==> pcscd not installed: PC/SC integration tests will fail" >&2
        return 0
    fi
    echo "==> starting pcscd"
    mkdir -p /run/pcscd 2>/dev/null || true
    /usr/sbin/pcscd --auto-exit=0 >/dev/null 2>&1 || /usr/sbin/pcscd >/dev/null 2>&1 || true
    sleep 0.5
}

start_postgres() {
    local port=${MADOGUCHI_TEST_PG_PORT:-55432}
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$bindir" ]]; then
        echo "==> PostgreSQL not installed: PostgreSQL tests will fail" >&2
        return 0
    fi
    local data=${MADOGUCHI_TEST_PG_DATA:-/tmp/madoguchi-test-pg}
    local run_as=()
    if [[ $(id -u) -eq 0 ]]; then
        run_as=(runuser -u postgres --)
    fi
    export MADOGUCHI_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:${port}/postgres"
    if "${run_as[@]}" "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
        return 0
    fi
    echo "==> starting PostgreSQL on 127.0.0.1:${port}"
    if [[ ! -f "$data/PG_VERSION" ]]; then
        rm -rf "$data"
        mkdir -p "$data"
        [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$data"
        "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
        -o "-h 127.0.0.1 -p ${port} -k /tmp -c fsync=off -c max_connections=200" start >/dev/null
}

start_test_services() {
    start_pcscd
    start_postgres
}
