# CCPOR: `make run` serves the registry with demo data; `make test` runs every test.
# Both work on a fresh machine: they install what they need and find or start a
# PostgreSQL (scripts/dev-db.sh).

SHELL   := /bin/bash
GO      ?= go
PORT    ?= 8080
BIN     := bin/ccpor
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
NPM_STAMP := frontend/node_modules/.package-lock.json

.PHONY: run test test-go test-frontend test-e2e bench build frontend openapi fmt lint clean help

help:
	@echo "make run     build everything, prepare the database, serve http://localhost:$(PORT) with demo data"
	@echo "             (PORT=9000 make run: another port; DATABASE_URL=postgres://.../mydb make run: your database)"
	@echo "make test    every test: Go (real PostgreSQL), frontend unit tests, end-to-end in Chromium"
	@echo "make bench   benchmarks (not part of make test)"
	@echo "make openapi regenerate openapi/openapi.yaml and the frontend's API types"
	@echo "make schema  regenerate docs/schema.sql from a freshly migrated database"

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend: $(NPM_STAMP)
	cd frontend && npm run build

build:
	cd backend && $(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o ../$(BIN) ./cmd/ccpor

# DATABASE_URL, when set, is used as given, its database included (bootstrap creates
# it); else scripts/dev-db.sh finds or starts a server and names the database ccpor.
# PORT reaches every command: the demo accounts sign in at the issuer of that port.
run: frontend build
	@set -e; \
	if [ -z "$${DATABASE_URL:-}" ]; then export DATABASE_URL="$$(scripts/dev-db.sh ccpor)"; fi; \
	export PORT=$(PORT); \
	$(BIN) bootstrap; $(BIN) migrate; $(BIN) seed demo; \
	echo "CCPOR on $${CCPOR_PUBLIC_URL:-http://localhost:$(PORT)$${CCPOR_BASE_PATH:-}}"; \
	exec $(BIN) serve

openapi: $(NPM_STAMP)
	cd backend && $(GO) run ./cmd/ccpor openapi > ../openapi/openapi.yaml
	cd frontend && npm run gen:api

# docs/schema.sql: written by the test that checks it, from a freshly migrated database.
.PHONY: schema
schema:
	@set -e; export CCPOR_TEST_DATABASE_URL="$$(scripts/dev-db.sh postgres)"; \
	cd backend && $(GO) test -count=1 -run '^TestSchemaFile$$' ./internal/platform/dbschema -update

test: lint test-go test-frontend test-e2e

lint:
	@out="$$(gofmt -l backend)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	cd backend && $(GO) vet ./...

# Every package in parallel, each test on its own database cloned from a migrated template.
test-go:
	@scripts/ensure-pg-client.sh
	@scripts/ensure-pg-server.sh
	@set -e; export CCPOR_TEST_DATABASE_URL="$$(scripts/dev-db.sh postgres)"; \
	cd backend && $(GO) test -race -count=1 -p 2 ./...

test-frontend: $(NPM_STAMP)
	cd frontend && npm run check:api && npm test

test-e2e: frontend build
	scripts/e2e.sh

bench:
	@set -e; export CCPOR_TEST_DATABASE_URL="$$(scripts/dev-db.sh postgres)"; \
	cd backend && $(GO) test -run '^$$' -bench . -benchtime 2s -timeout 60m ./...

fmt:
	gofmt -w backend

clean:
	rm -rf bin frontend/dist frontend/node_modules
