package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/workbook"
)

// runWorkbook moves a programme in and out of Excel: export writes the workbook of a
// programme, import turns a workbook into a new workflow file (a second programme started
// without writing YAML). Import never overwrites a file; to change a programme that is in
// force, read the workbook in on the board, where it becomes a proposal with its plan diff.
func runWorkbook(e env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "Gebruik: voortgang workbook export --out BESTAND.xlsx [--programme SLEUTEL] [--workflows MAP]\n       voortgang workbook import WERKMAP.xlsx --out BESTAND.yaml")
		return exitUsage
	}
	switch args[0] {
	case "export":
		return runWorkbookExport(e, args[1:])
	case "import":
		return runWorkbookImport(e, args[1:])
	}
	return fail(e, exitUsage, fmt.Errorf("voortgang workbook: onbekend subcommando %q (export of import)", args[0]))
}

func runWorkbookExport(e env, args []string) int {
	fs := newFlags(e, "workbook export", "--out BESTAND.xlsx [--programme SLEUTEL] [--workflows MAP]")
	out := fs.String("out", "", "het .xlsx-bestand dat geschreven wordt (bestaat het al, dan stopt voortgang)")
	key := fs.String("programme", "", "sleutel van het programma (nodig als er meer dan één is)")
	workflows := fs.String("workflows", "", "map of bestand met workflows (standaard $VOORTGANG_WORKFLOWS of workflows)")
	if _, err := parseInterleaved(fs, args); err != nil {
		return flagError(err)
	}
	if *out == "" {
		return fail(e, exitUsage, errors.New("voortgang workbook export: --out ontbreekt"))
	}
	progs, err := loadProgrammes(e, *workflows)
	if err != nil {
		return fail(e, 1, err)
	}
	var p *programme.Programme
	for _, q := range progs {
		if *key == "" && len(progs) == 1 || q.Key == *key {
			p = q
		}
	}
	if p == nil {
		return fail(e, exitUsage, fmt.Errorf("voortgang workbook export: kies een programma met --programme (%d programma's gevonden)", len(progs)))
	}
	data, err := workbook.Export(p)
	if err != nil {
		return fail(e, 1, err)
	}
	if err := writeNew(*out, data); err != nil {
		return fail(e, 1, err)
	}
	fmt.Fprintf(e.stdout, "%s geschreven (%s)\n", *out, p.Title)
	return 0
}

func runWorkbookImport(e env, args []string) int {
	fs := newFlags(e, "workbook import", "WERKMAP.xlsx --out BESTAND.yaml")
	out := fs.String("out", "", "het workflowbestand dat geschreven wordt (bestaat het al, dan stopt voortgang)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return flagError(err)
	}
	if len(pos) != 1 || *out == "" {
		fs.Usage()
		return exitUsage
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fail(e, 1, err)
	}
	p, err := workbook.Import(data)
	if err != nil {
		return fail(e, 1, fmt.Errorf("%s:\n%w", pos[0], err))
	}
	src, err := workbook.YAML(p)
	if err != nil {
		return fail(e, 1, err)
	}
	if err := writeNew(*out, src); err != nil {
		return fail(e, 1, err)
	}
	c := p.Count()
	fmt.Fprintf(e.stdout, "%s geschreven: %s, %d programmalijnen, %d doelen, %d acties\n", *out, p.Title, c.Lines, c.Goals, c.Actions)
	return 0
}

// writeNew writes a file that must not exist yet. A write that fails removes what it began,
// so the command can simply be run again.
func writeNew(path string, data []byte) error {
	path = filepath.Clean(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s bestaat al; voortgang overschrijft geen bestand (%w)", path, err)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if rerr := os.Remove(path); rerr != nil {
			return errors.Join(fmt.Errorf("%s schrijven: %w", path, err), rerr)
		}
		return fmt.Errorf("%s schrijven: %w", path, err)
	}
	return nil
}
