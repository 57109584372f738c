package web

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/cycle"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/programme"
	"github.com/regiogv/voortgang/internal/proposal"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/workbook"
)

// maxWorkbookBytes bounds an uploaded workbook; the shipped programme exports to about 60 kB.
const maxWorkbookBytes = 10 << 20

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// workbookRoutes serves the programme as an Excel workbook, imports one as a proposal, and the
// status of a period as a second workbook.
func (s *Server) workbookRoutes(mux *http.ServeMux, view, edit func(http.HandlerFunc) http.Handler) {
	h := &workbookHandler{s: s}
	mux.Handle("GET /programma/{key}/werkmap.xlsx", view(h.export))
	mux.Handle("GET /programma/{key}/importeren", edit(h.form))
	mux.Handle("POST /programma/{key}/importeren", edit(h.upload))
	mux.Handle("GET /periode/{period}/status.xlsx", edit(h.status))
	mux.Handle("GET /programma/nieuw", edit(h.newForm))
	mux.Handle("POST /programma/nieuw", edit(h.newUpload))
}

func (h *workbookHandler) newPage(r *http.Request) importData {
	lang := h.s.lang()
	return importData{Page: h.s.boardPage(r, "", label("import.new.title", lang)), Action: "/programma/nieuw", New: true}
}

func (h *workbookHandler) newForm(w http.ResponseWriter, r *http.Request) {
	if h.s.deps.Proposals == nil {
		h.s.notFound(w, r)
		return
	}
	h.s.render(w, r, http.StatusOK, "import", h.newPage(r))
}

// newUpload makes a proposal for a new programme of a workbook: confirming it writes
// KEY.yaml into the workflows directory.
func (h *workbookHandler) newUpload(w http.ResponseWriter, r *http.Request) {
	s := h.s
	if s.deps.Proposals == nil {
		s.notFound(w, r)
		return
	}
	d := h.newPage(r)
	q, ok := h.readUpload(w, r, &d)
	if !ok {
		return
	}
	src, err := workbook.YAML(q)
	if err != nil {
		s.fail(w, r, "workbook yaml", err)
		return
	}
	pr, err := s.deps.Proposals.ProposeNew(r.Context(), src, d.Reason, signedIn(r).Key)
	var pes programme.Errors
	switch {
	case errors.As(err, &pes):
		for _, e := range pes {
			d.Errors = append(d.Errors, e.Msg)
		}
	case errors.Is(err, store.ErrInvalid), errors.Is(err, store.ErrExists), errors.Is(err, proposal.ErrNoDirectory):
		d.Errors = append(d.Errors, err.Error())
	case err != nil:
		s.fail(w, r, "workbook propose new", err)
		return
	}
	if len(d.Errors) > 0 {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "import", d)
		return
	}
	http.Redirect(w, r, proposalHref(pr.ID), http.StatusSeeOther)
}

// readUpload reads the posted workbook and reason; false when it rendered the form again.
func (h *workbookHandler) readUpload(w http.ResponseWriter, r *http.Request, d *importData) (*programme.Programme, bool) {
	s := h.s
	lang := s.lang()
	r.Body = http.MaxBytesReader(w, r.Body, maxWorkbookBytes)
	if err := r.ParseMultipartForm(maxWorkbookBytes); err != nil {
		d.Errors = []string{label("import.error.read", lang)}
		d.HasErrors = true
		s.render(w, r, http.StatusBadRequest, "import", d)
		return nil, false
	}
	d.Reason = strings.TrimSpace(r.PostFormValue("reden"))
	file, _, err := r.FormFile("werkmap")
	var data []byte
	if err == nil {
		data, err = io.ReadAll(file)
		file.Close()
	}
	if err != nil || len(data) == 0 {
		d.Errors = append(d.Errors, label("import.error.nofile", lang))
	}
	if d.Reason == "" {
		d.Errors = append(d.Errors, label("edit.error.reason", lang))
	}
	if len(d.Errors) > 0 {
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "import", d)
		return nil, false
	}
	q, err := workbook.Import(data)
	var es workbook.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			d.Errors = append(d.Errors, e.Error())
		}
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "import", d)
		return nil, false
	}
	if err != nil {
		s.fail(w, r, "workbook import", err)
		return nil, false
	}
	return q, true
}

type workbookHandler struct{ s *Server }

type importData struct {
	Page
	Action, Reason string
	Errors         []string
	New            bool // a new programme, not a proposal against one in force
}

func (h *workbookHandler) programme(w http.ResponseWriter, r *http.Request) (*programme.Programme, bool) {
	for _, p := range h.s.programmes() {
		if p.Key == r.PathValue("key") {
			return p, true
		}
	}
	h.s.notFound(w, r)
	return nil, false
}

func attachment(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (h *workbookHandler) export(w http.ResponseWriter, r *http.Request) {
	p, ok := h.programme(w, r)
	if !ok {
		return
	}
	data, err := workbook.Export(p)
	if err != nil {
		h.s.fail(w, r, "workbook export", err)
		return
	}
	attachment(w, p.Key+".xlsx", data)
}

func (h *workbookHandler) page(r *http.Request, p *programme.Programme) importData {
	lang := h.s.lang()
	return importData{Page: h.s.boardPage(r, "", fmt.Sprintf(label("import.title", lang), p.Title)),
		Action: "/programma/" + p.Key + "/importeren"}
}

func (h *workbookHandler) form(w http.ResponseWriter, r *http.Request) {
	p, ok := h.programme(w, r)
	if !ok || h.s.deps.Proposals == nil {
		if ok {
			h.s.notFound(w, r)
		}
		return
	}
	h.s.render(w, r, http.StatusOK, "import", h.page(r, p))
}

// upload reads the workbook and makes a proposal of it against the programme in force. The
// workflow file of such a proposal is written anew, so the proposal page warns that the
// file's comments go.
func (h *workbookHandler) upload(w http.ResponseWriter, r *http.Request) {
	s := h.s
	p, ok := h.programme(w, r)
	if !ok {
		return
	}
	if s.deps.Proposals == nil {
		s.notFound(w, r)
		return
	}
	d := h.page(r, p)
	q, ok := h.readUpload(w, r, &d)
	if !ok {
		return
	}
	cur, ok := s.current(w, r, p.Key)
	if !ok {
		return
	}
	// In place when the workbook only changes values (the file keeps its comments), else the
	// whole file anew.
	src, inPlace := workbook.Patch(cur, q)
	summary := workbookPatchSummary
	if !inPlace {
		var err error
		if src, err = workbook.YAML(q); err != nil {
			s.fail(w, r, "workbook yaml", err)
			return
		}
		summary = workbookSummary
	}
	s.propose(w, r, p.Key, src, summary, d.Reason, func(es programme.Errors) {
		for _, e := range es {
			d.Errors = append(d.Errors, e.Msg)
		}
		d.HasErrors = true
		s.render(w, r, http.StatusUnprocessableEntity, "import", d)
	})
}

// workbookSummary marks a proposal that replaces the whole workflow file; workbookPatchSummary
// one that wrote the workbook's values into it.
const (
	workbookSummary      = "werkmap"
	workbookPatchSummary = "werkmap: gewijzigde waarden"
)

// status writes the latest answer per action and per owner (each municipality apart) of a
// period, as the board's period page shows them.
func (h *workbookHandler) status(w http.ResponseWriter, r *http.Request) {
	s := h.s
	per, err := config.ParsePeriod(r.PathValue("period"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	lang := s.lang()
	resps, err := s.deps.Store.LatestResponses(r.Context(), per.String(), "")
	if err != nil {
		s.fail(w, r, "status workbook", err)
		return
	}
	latest := map[string]store.Response{} // action ref + contact
	for _, rs := range resps {
		if rs.RefKind == store.RefAction {
			latest[rs.Ref+" "+rs.ContactKey] = rs
		}
	}
	var rows []workbook.StatusRow
	for _, a := range s.actions() {
		var owners []string
		for _, o := range a.Action.Owners {
			for _, m := range s.deps.Config.Expand(o) {
				if !slices.Contains(owners, m) {
					owners = append(owners, m)
				}
			}
		}
		for _, o := range owners {
			row := workbook.StatusRow{Goal: a.Goal.Number, Ref: a.Ref, Text: a.Action.Text, Owner: s.ownerName(o),
				Status: label("status.none", lang)}
			for _, c := range s.deps.Config.ContactsFor(o) {
				rs, ok := latest[cycle.ActionRef(a.Programme.Key, a.Ref)+" "+c.Key]
				if !ok || !rs.CreatedAt.After(row.Answered) {
					continue
				}
				row.Contact, row.Status, row.Toelichting, row.Answered = c.Name, i18n.StatusLabel(rs.Status, lang), rs.Toelichting, rs.CreatedAt
				row.Source, row.ApprovedBy = rs.Source, rs.ApprovedBy
				var ind []string
				for _, k := range slices.Sorted(maps.Keys(rs.Indicators)) {
					ind = append(ind, k+": "+rs.Indicators[k])
				}
				row.Indicators = strings.Join(ind, "\n")
			}
			rows = append(rows, row)
		}
	}
	data, err := workbook.Status(fmt.Sprintf(label("status.workbook.title", lang), i18n.PeriodLabel(per.String(), lang)), rows)
	if err != nil {
		s.fail(w, r, "status workbook", err)
		return
	}
	attachment(w, "status-"+per.String()+".xlsx", data)
}
