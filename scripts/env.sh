# Shared environment for every Makefile target; source it, do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$ROOT/.tools/node_modules/.bin:$PATH"
# Reflex's own download of bun cannot reach the internet here; bun comes from npm instead.
export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_TELEMETRY_ENABLED=false
export REFLEX_CHECK_LATEST_VERSION=false
export DATABASE_URL="${DATABASE_URL:-sqlite:///$ROOT/data/ata.db}"
# The dev server reloads the backend when a watched file changes; the database, outbox and
# secret key change at run time, so a write there must not restart the backend mid-request.
export REFLEX_HOT_RELOAD_EXCLUDE_PATHS="$ROOT/data"
mkdir -p "$ROOT/data"
