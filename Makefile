.PHONY: setup migrate run test lint

PORT ?= 3000

setup:
	bash scripts/setup.sh

migrate: setup
	bash scripts/migrate.sh

run: migrate
	bash -c 'source scripts/env.sh && exec reflex run --frontend-port $(PORT) --backend-host 127.0.0.1'

test: setup
	bash scripts/browser-deps.sh
	bash -c 'source scripts/env.sh && exec python -m pytest -q'
