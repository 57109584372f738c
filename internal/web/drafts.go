package web

import (
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
)

// draftsHandler serves the report drafts of a period: every version with its documents, the
// changes since the previous version, and (coordinators) a button that builds a new one.
type draftsHandler struct{ s *Server }

type draftsData struct {
	Page
	Period, PeriodLabel string
	Notice, Error       string
	Coordinator         bool
	CanBuild            bool
	BuildAction         string
	Drafts              []draftView
	Periods             []periodLink
}

type draftView struct {
	ID        string
	Version   int
	Created   string
	By        string
	Latest    bool
	Preview   string // the meeting's version in the browser
	Downloads []download
	Diff      *diffView
}

type download struct{ Label, Href string }

type diffView struct {
	Against int
	Added   int
	Removed int
	Lines   []diffLine
	Same    bool
}

type diffLine struct {
	Kind string // "toegevoegd", "verwijderd", "context", "overgeslagen"
	Text string
	Sign string
}

// formats a draft can carry, in the order the page offers them, with who may download them:
// viewers get the meeting's version only (it leaves out who answered what).
// A PDF is not stored: it is made from the stored Word document when asked for.
var draftFormats = []struct {
	format, label string
	viewer        bool
}{
	{"pdf", "draft.format.pdf", false}, {"docx", "draft.format.docx", false}, {"odt", "draft.format.odt", false}, {"html", "draft.format.html", false}, {"md", "draft.format.md", false},
	{"vergadering-pdf", "draft.format.meeting.pdf", true}, {"vergadering-docx", "draft.format.meeting.docx", true}, {"vergadering-odt", "draft.format.meeting.odt", true},
	{"vergadering-html", "draft.format.meeting.html", true}, {"vergadering-md", "draft.format.meeting.md", true},
	{"raadsinformatiebrief.pdf", "draft.format.letter.pdf", true}, {"raadsinformatiebrief.docx", "draft.format.letter.docx", true},
	{"raadsinformatiebrief.odt", "draft.format.letter.odt", true}, {"raadsinformatiebrief.md", "draft.format.letter", true},
}

// storedFormat is the stored document a format is made from: a PDF from the Word document.
func storedFormat(format string) (stored string, pdf bool) {
	if base, ok := strings.CutSuffix(format, "pdf"); ok {
		return base + "docx", true
	}
	return format, false
}

func mayDownload(format string, coordinator bool) bool {
	for _, f := range draftFormats {
		if f.format == format {
			return coordinator || f.viewer
		}
	}
	return false
}

func (h *draftsHandler) current(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/concepten/"+h.s.currentPeriod().String(), http.StatusSeeOther)
}

func (h *draftsHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, err := config.ParsePeriod(r.PathValue("period"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	lang := s.lang()
	coordinator := isCoordinator(signedIn(r))
	d := draftsData{Page: s.boardPage(r, "drafts", fmt.Sprintf(label("drafts.title", lang), i18n.PeriodLabel(p.String(), lang))),
		Period: p.String(), PeriodLabel: i18n.PeriodLabel(p.String(), lang), Coordinator: coordinator,
		CanBuild: coordinator && s.deps.BuildDraft != nil, BuildAction: "/concepten/" + p.String()}
	if n := notice(r, lang); n != "" {
		if strings.HasPrefix(r.URL.Query().Get("melding"), "fout-") {
			d.Error = n
		} else {
			d.Notice = n
		}
	}
	for _, m := range s.deps.Config.Meetings {
		mp := m.ReportingPeriod()
		d.Periods = append(d.Periods, periodLink{Href: "/concepten/" + mp.String(), Label: i18n.PeriodLabel(mp.String(), lang), Current: mp == p})
	}
	drafts, err := s.deps.Store.Drafts(r.Context(), p.String())
	if err != nil {
		s.fail(w, r, "drafts", err)
		return
	}
	for i, dr := range drafts {
		v := draftView{ID: fmt.Sprintf("versie-%d", dr.Version), Version: dr.Version, Created: i18n.FormatDateTime(dr.CreatedAt, lang),
			By: s.personLabel(r.Context(), dr.CreatedBy), Latest: i == 0}
		if containsString(dr.Formats, "vergadering-html") {
			v.Preview = fmt.Sprintf("/concepten/%s/%d/bekijken", p, dr.Version)
		}
		for _, f := range draftFormats {
			stored, _ := storedFormat(f.format)
			if !mayDownload(f.format, coordinator) || !containsString(dr.Formats, stored) {
				continue
			}
			v.Downloads = append(v.Downloads, download{Label: label(f.label, lang),
				Href: fmt.Sprintf("/concepten/%s/%d/%s", p, dr.Version, f.format)})
		}
		if coordinator && i+1 < len(drafts) {
			v.Diff = lineDiff(drafts[i+1].Markdown, dr.Markdown, 2)
			v.Diff.Against = drafts[i+1].Version
		}
		d.Drafts = append(d.Drafts, v)
	}
	s.render(w, r, http.StatusOK, "drafts", d)
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (h *draftsHandler) build(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, err := config.ParsePeriod(r.PathValue("period"))
	if err != nil || s.deps.BuildDraft == nil {
		s.notFound(w, r)
		return
	}
	u := signedIn(r)
	dr, err := s.deps.BuildDraft(r.Context(), p, u.Key)
	if err != nil {
		s.log.Error("web: build draft", "period", p.String(), "err", err)
		seeOther(w, r, "/concepten/"+p.String(), "fout-concept")
		return
	}
	if err := s.audit(r.Context(), u, "concept-gemaakt", "concept", dr.Key, nil,
		map[string]any{"period": dr.Period, "version": dr.Version, "formats": dr.Formats}); err != nil {
		s.fail(w, r, "audit", err)
		return
	}
	seeOther(w, r, "/concepten/"+p.String(), "concept-gemaakt")
}

var contentTypes = map[string]string{
	".md":   "text/markdown; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".odt":  "application/vnd.oasis.opendocument.text",
	".pdf":  "application/pdf",
}

// preview shows the meeting's version of a draft in the browser. The page is the report's own
// HTML (every answer escaped); it is served sandboxed, with no scripts and nothing loaded from
// elsewhere, so it cannot act within the board's origin.
func (h *draftsHandler) preview(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, err := config.ParsePeriod(r.PathValue("period"))
	version, verr := strconv.Atoi(r.PathValue("version"))
	if err != nil || verr != nil {
		s.notFound(w, r)
		return
	}
	doc, err := s.deps.Store.DraftDocument(r.Context(), fmt.Sprintf("concept/%s/%d", p, version), "vergadering-html")
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, "draft preview", err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	w.Write(doc)
}

func (h *draftsHandler) download(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, err := config.ParsePeriod(r.PathValue("period"))
	version, verr := strconv.Atoi(r.PathValue("version"))
	format := r.PathValue("format")
	if err != nil || verr != nil || !mayDownload(format, isCoordinator(signedIn(r))) {
		s.notFound(w, r)
		return
	}
	key := fmt.Sprintf("concept/%s/%d", p, version)
	stored, pdf := storedFormat(format)
	doc, err := s.deps.Store.DraftDocument(r.Context(), key, stored)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.fail(w, r, "draft document", err)
		return
	}
	if pdf {
		if doc, err = report.PDF(r.Context(), doc); err != nil {
			s.fail(w, r, "draft pdf", err)
			return
		}
	}
	ext := path.Ext(format)
	if ext == "" || strings.HasPrefix(format, "vergadering-") {
		ext = "." + strings.TrimPrefix(format, "vergadering-")
	}
	name := fmt.Sprintf("voortgangsrapportage-%s-v%d", p, version)
	switch {
	case strings.HasPrefix(format, "vergadering-"):
		name += "-vergadering"
	case strings.HasPrefix(format, "raadsinformatiebrief."):
		name = fmt.Sprintf("raadsinformatiebrief-%s-v%d", p, version)
	}
	ct := contentTypes[ext]
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	// Always a download: a stored HTML document is never rendered inside the board's origin.
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+ext+`"`)
	w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'")
	w.Write(doc)
}

// maxDiffCells bounds the work of one diff (lines × lines); larger changes are shown as the
// old part removed and the new part added.
const maxDiffCells = 4_000_000

// lineDiff compares two texts line by line (longest common subsequence after trimming the
// common start and end) and keeps context lines around each change.
func lineDiff(old, new string, context int) *diffView {
	a, b := strings.Split(old, "\n"), strings.Split(new, "\n")
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	am, bm := a[pre:len(a)-suf], b[pre:len(b)-suf]
	type op struct {
		kind byte // '=', '-', '+'
		text string
	}
	var ops []op
	for _, l := range a[:pre] {
		ops = append(ops, op{'=', l})
	}
	if len(am)*len(bm) > maxDiffCells {
		for _, l := range am {
			ops = append(ops, op{'-', l})
		}
		for _, l := range bm {
			ops = append(ops, op{'+', l})
		}
	} else {
		n, m := len(am), len(bm)
		lcs := make([][]int32, n+1)
		for i := range lcs {
			lcs[i] = make([]int32, m+1)
		}
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if am[i] == bm[j] {
					lcs[i][j] = lcs[i+1][j+1] + 1
				} else {
					lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && am[i] == bm[j]:
				ops = append(ops, op{'=', am[i]})
				i++
				j++
			case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
				ops = append(ops, op{'+', bm[j]})
				j++
			default:
				ops = append(ops, op{'-', am[i]})
				i++
			}
		}
	}
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, op{'=', l})
	}
	d := &diffView{}
	keep := make([]bool, len(ops))
	for i, o := range ops {
		if o.kind == '=' {
			continue
		}
		for k := max(0, i-context); k <= min(len(ops)-1, i+context); k++ {
			keep[k] = true
		}
	}
	skipped := false
	for i, o := range ops {
		if !keep[i] {
			if !skipped {
				d.Lines = append(d.Lines, diffLine{Kind: "overgeslagen"})
			}
			skipped = true
			continue
		}
		skipped = false
		switch o.kind {
		case '+':
			d.Added++
			d.Lines = append(d.Lines, diffLine{Kind: "toegevoegd", Text: o.text, Sign: "+"})
		case '-':
			d.Removed++
			d.Lines = append(d.Lines, diffLine{Kind: "verwijderd", Text: o.text, Sign: "−"})
		default:
			d.Lines = append(d.Lines, diffLine{Kind: "context", Text: o.text, Sign: " "})
		}
	}
	if n := len(d.Lines); n > 0 && d.Lines[n-1].Kind == "overgeslagen" {
		d.Lines = d.Lines[:n-1]
	}
	d.Same = d.Added == 0 && d.Removed == 0
	return d
}
