# Buurtbot: the two commands that matter are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Two environments (scripts/setup_venv.sh): the app on a supported Python, Rasa 3.6 on Python 3.10 only.
PY        := .venv/bin/python
RASA_PY   := .venv-rasa/bin/python
RASA      := $(RASA_PY) -m rasa
STAMP     := .venv/.installed
RASA_STAMP := .venv-rasa/.installed
ENVS      := $(STAMP) $(RASA_STAMP)
# Quiet, private Rasa runs: no telemetry, no wall of third-party deprecation warnings.
RASA_ENV := RASA_TELEMETRY_ENABLED=false PYTHONWARNINGS=ignore TF_CPP_MIN_LOG_LEVEL=2

.PHONY: help run serve test lint format test-postgres test-stories eval-nlu tune-thresholds eval-despair eval-conversations eval-signals eval-groups train venv lock validate migration invite topup digest clean bench-frontend bench-rasa-tweaks bench-processes bench-dashboard browser screenshots

help: ## Show this list
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml scripts/setup_venv.sh
	@scripts/setup_venv.sh app

$(RASA_STAMP): requirements-rasa.lock pyproject.toml scripts/setup_venv.sh
	@scripts/setup_venv.sh rasa

venv: $(ENVS) ## Create or update .venv (app) and .venv-rasa (Rasa) from their lock files

lock: ## Re-resolve requirements*.in into their lock files (only after changing one): make lock ENV=app|rasa
	@scripts/lock.sh $(or $(ENV),app)

lint: $(STAMP) ## ruff: lint and format check (make format fixes what it can)
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .

format: $(STAMP) ## ruff: fix what lint can fix, and format
	@$(PY) -m ruff check --fix .
	@$(PY) -m ruff format .

train: $(ENVS) ## Train the Rasa model if data, config or domain changed
	@$(PY) -m launcher train

run: $(ENVS) ## Set up what is missing and chat with the bot (terminal without TELEGRAM_BOT_TOKEN)
	@$(PY) -m launcher run

serve: $(ENVS) ## Headless: servers, plus Telegram when TELEGRAM_BOT_TOKEN is set
	@$(PY) -m launcher serve

validate: $(ENVS) ## Check the Rasa training data and domain
	@$(PY) -m buurtbot.referral.lookup >/dev/null  # data/nlu/wijken.yml is generated, not tracked
	@$(RASA_ENV) $(RASA) data validate --fail-on-warning \
	  --data data/nlu data/rules

test: $(ENVS) browser ## Set up what is missing and run every test, in both environments
	@$(PY) -m launcher train
	@$(MAKE) --no-print-directory lint validate test-stories
	@$(PY) -m pytest
	@$(RASA_PY) -m pytest -m rasa
	@$(MAKE) --no-print-directory test-postgres

# The cluster lives in a temporary directory and is stopped and deleted however pytest ends.
# Against a server, conftest.py runs only the tests that use a database or the stack.
browser: ## Chromium and chromedriver from Debian's packages, for the dashboard's browser tests; Redis for the lock store's
	@scripts/chromium.sh ensure-installed
	@scripts/redis.sh ensure-installed

test-postgres: $(ENVS) browser ## Run the database and integration tests against a throwaway PostgreSQL server
	@scripts/postgres.sh ensure-installed
	@set -o pipefail; pg=$$(mktemp -d -t buurtbot-pg.XXXXXX); trap 'scripts/postgres.sh stop "$$pg"' EXIT; \
	  url=$$(scripts/postgres.sh start "$$pg" | tail -n 1) && \
	  echo "Testing against PostgreSQL at $$url" && \
	  BUURTBOT_TEST_DATABASE_URL="$$url" $(PY) -m pytest && \
	  BUURTBOT_TEST_DATABASE_URL="$$url" $(RASA_PY) -m pytest -m rasa

test-stories: $(ENVS) ## Conversation tests (tests/test_stories.yml); fails on any prediction error
	@$(PY) -m launcher train
	@$(RASA_ENV) $(RASA) test core --model models/buurtbot.tar.gz --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results --quiet

eval-nlu: $(ENVS) ## Train from scratch and measure NLU on the held-out set; writes docs/benchmarks.md
	@RASA_MAX_CACHE_SIZE=0 $(RASA_ENV) $(RASA_PY) -m tools.eval_nlu

eval-conversations: $(ENVS) ## Play the conversation sets (eval/conversations) through the real stack; writes docs/benchmarks.md
	@$(PY) -m launcher train
	@$(RASA_ENV) $(PY) -m tools.eval_conversations $(if $(SET),--set $(SET))

tune-thresholds: $(ENVS) ## Score intent and topic confidence thresholds on the looked-at NLU sets; writes docs/benchmarks.md
	@$(PY) -m launcher train
	@$(RASA_ENV) $(RASA_PY) -m tools.tune_thresholds

eval-despair: $(ENVS) ## Measure on a separate set whether despair (also said indirectly) gets 113; writes docs/benchmarks.md
	@$(RASA_ENV) $(RASA_PY) -m tools.eval_despair

invite: $(STAMP) ## Make an invite code: make invite ROLE=professional WIJK="Nieuw-West" (code = last line)
	@$(PY) -m launcher.cli invite --role "$(ROLE)" --wijk "$(WIJK)"

topup: $(STAMP) ## Add strips for this quarter: make topup SENDER=<telegram id> AMOUNT=5
	@$(PY) -m launcher.cli topup --sender "$(SENDER)" --amount "$(AMOUNT)"

digest: $(STAMP) ## Print the droommakelaar's digest for every wijk, without marking anything as sent
	@$(PY) -m launcher.cli digest

eval-signals: $(STAMP) ## Measure signal detection and themes on the labelled wishes; writes docs/benchmarks.md
	@$(PY) -m tools.eval_signals --write

eval-groups: $(STAMP) ## Measure how well related wishes are grouped (eval/dreams/groups.yml); writes docs/benchmarks.md
	@$(PY) -m tools.eval_groups --write

bench-frontend: $(ENVS) ## Latency, throughput, memory and start-up of the running stack; writes docs/benchmarks.md
	@$(RASA_ENV) $(PY) -m tools.bench_frontend

bench-processes: $(ENVS) ## Action server import and memory, and how soon `make serve` is ready; writes docs/benchmarks.md
	@$(PY) -m launcher train
	@$(RASA_ENV) $(PY) -m tools.bench_processes

bench-dashboard: $(STAMP) ## Page load times of the staff dashboard with 1,000 wishes and 300 partners; writes docs/benchmarks.md
	@$(PY) -m tools.bench_dashboard

screenshots: $(STAMP) browser ## Screenshots of the staff dashboard for the README (docs/screenshots/)
	@$(PY) -m tools.dashboard_screenshots

bench-rasa-tweaks: $(ENVS) ## What each Rasa server speed-up (nlu/server.py) saves per call; writes docs/benchmarks.md
	@$(RASA_ENV) $(RASA_PY) -m tools.bench_rasa_tweaks

migration: $(STAMP) ## Generate a schema migration from models.py: make migration MSG="what changed"
	@$(PY) -m buurtbot.storage.migrate new "$(MSG)"

clean: ## Remove trained models and local data (keeps the environments)
	rm -rf models var results .pytest_cache
