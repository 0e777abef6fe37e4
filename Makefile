.PHONY: setup migrate run serve test bench remind

PORT ?= 3000
BACKEND_PORT ?= 8000

setup:
	bash scripts/setup.sh

migrate: setup
	bash scripts/migrate.sh

run: migrate
	bash -c 'source scripts/env.sh && export ATA_PUBLIC_URL="$${ATA_PUBLIC_URL:-http://localhost:$(PORT)}" && exec reflex run --frontend-port $(PORT) --backend-port $(BACKEND_PORT) --backend-host 127.0.0.1'

# The production build: compiled frontend and backend on one port (granian), no dev server.
serve: migrate
	bash -c 'source scripts/env.sh && export ATA_PUBLIC_URL="$${ATA_PUBLIC_URL:-http://localhost:$(PORT)}" && exec reflex run --env prod --frontend-port $(PORT) --backend-host 127.0.0.1'

test: setup
	bash scripts/browser-deps.sh
	# Browser tests run in their own pytest process: Playwright's sync API leaves an event loop
	# behind that breaks pytest-asyncio tests collected after it.
	bash -c 'source scripts/env.sh && python -m pytest -q tests/unit && python -m pytest -q tests/e2e tests/scaleout'

# Benchmarks against a fresh production build; results in bench/results/latest.json,
# written up in docs/benchmarks.md.
bench: setup
	bash bench/run.sh

# Carnet expiry reminders; a scheduler may run this daily, and a second run sends nothing twice.
remind:
	bash -c 'source scripts/env.sh && python -m ata_reflex.cli remind'
