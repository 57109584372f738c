package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// instantLayout is how instants are written: UTC, millisecond precision, fixed width, so that
// SQLite text compares in time order. PostgreSQL parses it into timestamptz.
const instantLayout = "2006-01-02T15:04:05.000Z"

const dateLayout = "2006-01-02"

// instant encodes t for a parameter; the zero time is NULL.
func instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(instantLayout)
}

// date encodes the calendar date of t; the zero time is NULL.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(dateLayout)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// timeScan reads an instant or a date: time.Time from PostgreSQL, text from SQLite.
type timeScan struct{ t *time.Time }

func (s timeScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = v.UTC()
	case string:
		return s.parse(v)
	case []byte:
		return s.parse(string(v))
	default:
		return fmt.Errorf("store: cannot read %T as time", v)
	}
	return nil
}

func (s timeScan) parse(v string) error {
	layout := instantLayout
	if len(v) == len(dateLayout) {
		layout = dateLayout
	}
	t, err := time.Parse(layout, v)
	if err != nil {
		t, err = time.Parse(time.RFC3339Nano, v)
	}
	if err != nil {
		return fmt.Errorf("store: read time %q: %w", v, err)
	}
	*s.t = t.UTC()
	return nil
}

// strScan reads nullable text into a string ("" for NULL).
type strScan struct{ s *string }

func (s strScan) Scan(v any) error {
	var ns sql.NullString
	if err := ns.Scan(v); err != nil {
		return err
	}
	*s.s = ns.String
	return nil
}

// jsonScan decodes JSON text (nullable) into v.
type jsonScan struct{ v any }

func (s jsonScan) Scan(v any) error {
	var b []byte
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v
	default:
		return fmt.Errorf("store: cannot read %T as JSON", v)
	}
	if err := json.Unmarshal(b, s.v); err != nil {
		return fmt.Errorf("store: read JSON: %w", err)
	}
	return nil
}

// rawJSONScan reads JSON text (nullable) without decoding it.
type rawJSONScan struct{ v *json.RawMessage }

func (s rawJSONScan) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.v = nil
	case string:
		*s.v = json.RawMessage(v)
	case []byte:
		*s.v = append(json.RawMessage(nil), v...)
	default:
		return fmt.Errorf("store: cannot read %T as JSON", v)
	}
	return nil
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only called with plain values
	}
	return string(b)
}

// placeholders returns "($first, $first+1, …)" for n parameters, or "(?, ?, …)" when
// positional. SQLite looks numbered parameters up by name, linearly, when it parses and when
// it binds: a statement with thousands of them is quadratic, so long lists use "?" there.
func placeholders(positional bool, first, n int) string {
	if positional {
		return "(" + strings.Repeat("?,", n-1) + "?)"
	}
	var b strings.Builder
	b.WriteByte('(')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(first + i))
	}
	b.WriteByte(')')
	return b.String()
}

// maxParams bounds the parameters of one statement (SQLite allows 32766, PostgreSQL 65535).
const maxParams = 30000

// insertMany inserts rows (each with the same number of values) with multi-row VALUES
// statements: prefix is "INSERT INTO t (a, b)".
func insertMany(ctx context.Context, tx *sql.Tx, positional bool, prefix string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	cols := len(rows[0])
	per := min(maxParams/cols, 200)
	var stmtSQL string
	var stmtRows int
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		if len(chunk) != stmtRows {
			var b strings.Builder
			b.WriteString(prefix)
			b.WriteString(" VALUES ")
			for i := range chunk {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(placeholders(positional, i*cols+1, cols))
			}
			stmtSQL, stmtRows = b.String(), len(chunk)
		}
		args := make([]any, 0, len(chunk)*cols)
		for _, r := range chunk {
			args = append(args, r...)
		}
		if _, err := tx.ExecContext(ctx, stmtSQL, args...); err != nil {
			return err
		}
	}
	return nil
}

// chunks calls fn with slices of at most n keys.
func chunks(keys []string, n int, fn func([]string) error) error {
	for start := 0; start < len(keys); start += n {
		if err := fn(keys[start:min(start+n, len(keys))]); err != nil {
			return err
		}
	}
	return nil
}

func anys(keys []string) []any {
	a := make([]any, len(keys))
	for i, k := range keys {
		a[i] = k
	}
	return a
}
