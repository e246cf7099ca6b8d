// Package browser holds pinguide's real-browser tests: headless Chromium,
// driven with chromedp, clicks through the real router's pages as a resident
// or a clerk would, with scripts on and off and on a phone-sized screen, and
// runs axe-core on them. The tests are in the package's _test.go files; there
// is no code here to import.
//
// They need Chromium (/usr/bin/chromium, or $CHROME_PATH). Without it they are
// skipped, unless PINGUIDE_BROWSER_REQUIRED=1 (as CI sets), which makes a
// missing browser a failure.
package browser
