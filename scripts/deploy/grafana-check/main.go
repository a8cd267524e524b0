// grafana-dashboard-check decodes Grafana dashboard JSON files strictly with the types the Grafana
// Foundation SDK generates from Grafana's schemas (unknown fields, wrong types and missing required
// fields are errors; panel options and Prometheus queries included), then runs their Validate.
// Built into the deploy tools' cache by scripts/deploy/install-grafana-check.sh; run by
// scripts/deploy/grafana.deploy.test.ts.
package main

import (
	"fmt"
	"os"

	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func check(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var board dashboard.Dashboard
	// The generated methods can hand back an empty error list as a non-nil error.
	if err := board.UnmarshalJSONStrict(raw); err != nil && err.Error() != "" {
		return fmt.Errorf("decoding: %w", err)
	}
	if err := board.Validate(); err != nil && err.Error() != "" {
		return fmt.Errorf("validating: %w", err)
	}
	return nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: grafana-dashboard-check FILE.json...")
		os.Exit(2)
	}
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, file := range os.Args[1:] {
		if err := check(file); err != nil {
			fmt.Printf("%s: INVALID: %v\n", file, err)
			failed = true
		} else {
			fmt.Printf("%s: valid\n", file)
		}
	}
	if failed {
		os.Exit(1)
	}
}
