# pinguide — see README.md. `make run` and `make test` are all a new machine needs.
GO      ?= go
ADDR    ?= 127.0.0.1:8080
PKGS    := ./...

.PHONY: run test build lint generate bench golden check-generated clean

run: ## serve the wizard and API on http://localhost:8080 with the embedded rules
	$(GO) run ./cmd/pinguide serve --addr $(ADDR)

build: ## build bin/pinguide
	$(GO) build -o bin/pinguide ./cmd/pinguide

test: ## every test
	$(GO) test -count=1 $(PKGS)

lint: ## formatting, vet, and the rules check
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '_templ.go$$'); echo "gofmt: files above need formatting"; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run ./cmd/pinguide rules check

generate: ## regenerate the templ components' *_templ.go (committed)
	$(GO) tool templ generate

check-generated: ## fail if the committed *_templ.go are stale
	$(GO) tool templ generate
	git diff --exit-code -- "*_templ.go"

golden: ## rewrite testdata/paths.golden after a deliberate rules change (then read the diff)
	$(GO) test ./cmd/pinguide -run TestRulesPathsGolden -update

bench: ## benchmarks: one evaluation, one API request, loading the rules, all paths
	$(GO) test -run '^$$' -bench . -benchmem ./internal/engine ./internal/server

clean:
	rm -rf bin
