package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"slices"
	"strings"
	"testing/fstest"
	"text/tabwriter"

	"github.com/takaoka-city/pinguide/internal/engine"
	"github.com/takaoka-city/pinguide/internal/ruleset"
)

// changeNames are the change kinds in Japanese and English, for the clerk.
var changeNames = map[string]string{
	"path_added":         "回答の組み合わせが増えた / answer path added",
	"path_removed":       "回答の組み合わせがなくなった / answer path removed",
	"status_changed":     "結果の種類が変わった / status changed",
	"reset_pins_changed": "再設定する暗証番号が変わった / PINs to reset changed",
	"route_added":        "方法が増えた / route added",
	"route_removed":      "方法がなくなった / route removed",
	"route_pins_changed": "方法で設定する暗証番号が変わった / route's PINs changed",
	"store_added":        "店舗が増えた / store added",
	"store_removed":      "店舗がなくなった / store removed",
	"visits_changed":     "来庁回数が変わった / number of visits changed",
	"document_added":     "持ち物が増えた / document added",
	"document_removed":   "持ち物がなくなった / document removed",
	"blocked_added":      "使えない理由が増えた / blocked reason added",
	"blocked_removed":    "使えない理由がなくなった / blocked reason removed",
	"note_added":         "注意が増えた / note added",
	"note_removed":       "注意がなくなった / note removed",
}

// rulesAt reads rules from a directory, or from the rules/ folder of a git
// revision (e.g. HEAD~1, main) when no such directory exists.
func rulesAt(arg string) (fs.FS, error) {
	// #nosec G703 -- a command-line tool reading the directory its user names.
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		return os.DirFS(arg), nil
	}
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil, fmt.Errorf("%q is not a directory, and this is not a git checkout to find a revision in", arg)
	}
	if strings.HasPrefix(arg, "-") { // a revision, never an option to git
		return nil, fmt.Errorf("%q is not a directory or a git revision", arg)
	}
	// #nosec G204 G702 -- the user's own revision, one argument after --end-of-options, run as the user
	out, err := exec.Command("git", "-C", strings.TrimSpace(string(top)), "archive", "--format=tar", "--end-of-options", arg, "rules").Output()
	if err != nil {
		return nil, fmt.Errorf("%q is neither a directory nor a git revision with a rules/ folder: %v", arg, err)
	}
	m := fstest.MapFS{}
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag != tar.TypeReg || path.Dir(h.Name) != "rules" {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return nil, err
		}
		m[path.Base(h.Name)] = &fstest.MapFile{Data: data}
	}
	return m, nil
}

// rulesDiff prints every answer path whose outcome changes from old to new, as
// a table with a count, and a summary per kind of change. Exit 0 either way;
// 1 if either side's rules are not valid.
func rulesDiff(args []string, date string, stdout, stderr io.Writer) int {
	if len(args) != 2 {
		fmt.Fprintln(stderr, "usage: pinguide rules diff OLD NEW [--as-of YYYY-MM-DD]  (directories or git revisions)")
		return 2
	}
	var engines [2]*engine.Engine
	for i, arg := range args {
		fsys, err := rulesAt(arg)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		all, problems := ruleset.Load(fsys)
		if len(problems) > 0 {
			fmt.Fprintf(stderr, "%s: the rules are not valid:\n", arg)
			printProblems(stderr, problems)
			return 1
		}
		eng, problems := engine.New(ruleset.PeriodAt(ruleset.Periods(all), date).Rules)
		if len(problems) > 0 {
			fmt.Fprintf(stderr, "%s: the rules are not valid on %s:\n", arg, date)
			printProblems(stderr, problems)
			return 1
		}
		engines[i] = eng
	}
	changes := engine.Diff(engines[0], engines[1])
	paths := map[string]bool{}
	count := map[string]int{}
	for _, c := range changes {
		paths[c.Answers] = true
		count[c.Kind+"\x00"+c.Detail]++
	}
	fmt.Fprintf(stdout, "# %s → %s (%s)\n", args[0], args[1], date)
	fmt.Fprintf(stdout, "変わった回答の組み合わせ / answer paths changed: %d\n\n", len(paths))
	if len(changes) == 0 {
		return 0
	}
	fmt.Fprintln(stdout, "## まとめ / summary")
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "件数 count\t変更 change\t内容 detail")
	var keys []string
	for k := range count {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		ka, _, _ := strings.Cut(a, "\x00")
		kb, _, _ := strings.Cut(b, "\x00")
		if d := slices.Index(engine.ChangeKinds, ka) - slices.Index(engine.ChangeKinds, kb); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	for _, k := range keys {
		kind, detail, _ := strings.Cut(k, "\x00")
		fmt.Fprintf(tw, "%d\t%s\t%s\n", count[k], changeNames[kind], detail)
	}
	_ = tw.Flush()
	fmt.Fprintln(stdout, "\n## 回答ごと / per answer path")
	tw = tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "回答 answers\t変更 change\t内容 detail")
	for _, c := range changes {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Answers, changeNames[c.Kind], c.Detail)
	}
	_ = tw.Flush()
	return 0
}
