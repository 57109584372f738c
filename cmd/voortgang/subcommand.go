package main

import "fmt"

// subcommand splits args into a subcommand and its arguments. Without one, or asked for
// help, it prints the usage lines to stderr and returns ok false.
func subcommand(e env, args []string, usage ...string) (sub string, rest []string, ok bool) {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		for _, l := range usage {
			fmt.Fprintln(e.stderr, l)
		}
		return "", nil, false
	}
	return args[0], args[1:], true
}
