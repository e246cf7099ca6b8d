# pinguide — see README.md. `make run` and `make test` are all a new machine needs.
GO      ?= go
ADDR    ?= 127.0.0.1:8080
PKGS    := ./...

.PHONY: run test fuzz sec build lint generate bench golden check-generated lighthouse clean
SHELL := /bin/bash

run: ## serve the wizard and API on http://localhost:8080 with the embedded rules
	$(GO) run ./cmd/pinguide serve --addr $(ADDR)

build: ## build bin/pinguide
	$(GO) build -o bin/pinguide ./cmd/pinguide

FUZZTIME ?= 10s
FUZZ := FuzzEvaluate:./internal/engine FuzzLoad:./internal/ruleset FuzzAPIQuery:./internal/server FuzzAPIBody:./internal/server FuzzPageQuery:./internal/server

test: ## every test (browser tests need chromium), then each fuzz target for $(FUZZTIME)
	$(GO) test -count=1 $(PKGS)
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZTIME)

fuzz: ## run each fuzz target for FUZZTIME (make fuzz FUZZTIME=10m for a long run)
	@for t in $(FUZZ); do name=$${t%%:*}; pkg=$${t#*:}; \
		echo "fuzz $$name ($$pkg) for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg 2>&1 | grep -E 'elapsed|FAIL|failing|panic|ok' | tail -2; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done

sec: ## gosec: findings are fixed or justified in code with #nosec and a reason
	$(GO) run github.com/securego/gosec/v2/cmd/gosec@v2.30.0 -quiet -exclude-dir=internal/browser ./...

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

lighthouse: ## Lighthouse (mobile) on the start, a question and a result page; reports in LIGHTHOUSE_OUT (.ci/out/lighthouse)
	GO=$(GO) bash scripts/lighthouse.sh

.PHONY: bench-load failover
bench-load: ## load test (wrk): pinguide against a bare Go handler and http.FileServer with the same bytes; DURATION=10 s per run; table in .ci/out/bench-load.txt
	GO=$(GO) bash scripts/bench-load.sh

failover: ## nginx (deploy/nginx) in front of two pinguides on loopback; one stopped under load must cost no request; the cache must answer
	GO=$(GO) bash scripts/failover.sh

clean:
	rm -rf bin
