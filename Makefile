# The README's two commands: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QUESTION ?= Why won't Lukashenko send troops to Ukraine?
SHARED ?= ../shared

.PHONY: install demo test lint eval train-ranker bench audit clean

install: $(STAMP)

# Exactly the locked versions, each checked against its hash (scripts/lock regenerates the lock).
# --no-deps: the lock holds every dependency, so nothing is resolved. Resolving it, the venv's pip 23
# took a dependency's "lxml[html_clean]>=4.4.2" to the newest lxml on PyPI, not the locked one, and
# refused it as unpinned: a fresh install broke the day a new lxml was released.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip check
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(BIN)/qabot kb sync
	$(BIN)/qabot ask "$(QUESTION)"

# The storage tests run on SQLite and PostgreSQL: without a server given in QABOT_TEST_POSTGRES_URL,
# scripts/with-postgres starts a throwaway one on 127.0.0.1 (installing Debian's postgresql if missing).
test: install
	if [ -n "$${QABOT_TEST_POSTGRES_URL:-}" ]; then $(BIN)/python -m pytest -q; \
	else scripts/with-postgres $(BIN)/python -m pytest -q; fi

lint: install
	$(BIN)/ruff check index bot tests bench
	$(BIN)/ruff format --check index bot tests bench
	$(BIN)/mypy

# The seed questions, the hand-written question sets and conversations about the bundled article (against
# the bundled knowledge base, in a throwaway home; the ranker trains on the article_paraphrases sets, never
# on eval/heldout), four sets of five or six articles of other domains with their own questions
# (eval/fresh to fresh4, never trained on, each asked of its own articles alone), then SQuAD half A with
# the learned ranker cross-validated by article.
EVAL_HOME := $(shell mktemp -d -u /tmp/qabot-eval-XXXXXX)
FRESH_HOME := $(shell mktemp -d -u /tmp/qabot-fresh-XXXXXX)
eval: install
	env -u DATABASE_URL QABOT_HOME=$(EVAL_HOME) $(BIN)/qabot eval $(SHARED)/eval/seed_dev_questions.jsonl \
		eval/article_paraphrases.jsonl eval/article_paraphrases_chat.jsonl eval/article_paraphrases_typos.jsonl \
		eval/conversations.jsonl eval/conversations_unanswerable.jsonl eval/conversations_elliptical.jsonl \
		eval/off_topic.jsonl eval/off_topic_foreign.jsonl eval/off_topic_more.jsonl \
		eval/unanswerable_near_domain.jsonl \
		eval/heldout/paraphrases.jsonl eval/heldout/paraphrases_chat.jsonl eval/heldout/conversations.jsonl \
		eval/heldout/blind_paraphrases.jsonl eval/heldout/blind_chat.jsonl
	rm -rf $(EVAL_HOME)
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot kb sync eval/fresh/articles
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot eval eval/fresh/*.jsonl
	rm -rf $(FRESH_HOME)
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot kb sync eval/fresh2/articles
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot eval eval/fresh2/*.jsonl
	rm -rf $(FRESH_HOME)
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot kb sync eval/fresh3/articles
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot eval eval/fresh3/*.jsonl
	rm -rf $(FRESH_HOME)
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot kb sync eval/fresh4/articles
	env -u DATABASE_URL QABOT_HOME=$(FRESH_HOME) $(BIN)/qabot eval eval/fresh4/*.jsonl
	rm -rf $(FRESH_HOME)
	$(BIN)/qabot eval --cross-validate 5 $(SHARED)/eval/squad-v1.1-dev-half-a.json.gz

# Rebuilds the packaged ranker model from SQuAD half A and the dev question sets about the bundled
# article (deterministic: same data, same file).
train-ranker: install
	$(BIN)/qabot train-ranker $(SHARED)/eval/squad-v1.1-dev-half-a.json.gz -o index/search/ranker_model.json \
		--also eval/article_paraphrases.jsonl --also eval/article_paraphrases_chat.jsonl \
		--also eval/article_paraphrases_typos.jsonl --also eval/article_paraphrases_train.jsonl \
		--also eval/article_paraphrases_train_chat.jsonl --also eval/article_paraphrases_train_typos.jsonl

bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench

# Known vulnerabilities in the installed dependencies (qabot itself, editable, is skipped). --strict:
# a dependency the vulnerability service cannot look up fails the audit instead of passing silently.
audit: install
	$(BIN)/pip-audit --local --strict --skip-editable --progress-spinner off

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
