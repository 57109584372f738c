package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/notify/email"
	"github.com/regiogv/voortgang/internal/outbox"
	"github.com/regiogv/voortgang/internal/report"
	"github.com/regiogv/voortgang/internal/store"
)

// AutoDraftBy is who the drafts built on the document deadline are by.
const AutoDraftBy = "voortgang"

// Document formats stored with every draft. The coordinator's version carries the traces of
// every answer (who, when, which channel); the meeting's version ("vergadering-…") leaves them
// out.
const (
	FormatJSON          = "json"
	FormatMarkdown      = "md"
	FormatHTML          = "html"
	FormatDOCX          = "docx"
	FormatODT           = "odt"
	FormatMeetingPrefix = "vergadering-"
	FormatLetter        = "raadsinformatiebrief.md"
	FormatLetterDOCX    = "raadsinformatiebrief.docx"
	FormatLetterODT     = "raadsinformatiebrief.odt"
)

// BuildDraft builds a new version of the report draft for period p from what the store holds,
// stores it with its documents and announces it to the coordinators. Office documents are
// made when pandoc is installed; without it the draft has Markdown and HTML only (logged).
func (a *App) BuildDraft(ctx context.Context, p config.Period, by string) (store.Draft, error) {
	progs := a.Programmes()
	if len(progs) == 0 {
		return store.Draft{}, errors.New("app: geen programma geladen")
	}
	m, ok := a.cfg.MeetingFor(p)
	if !ok {
		return store.Draft{}, fmt.Errorf("app: geen vergadering (PHO) geconfigureerd voor periode %s", p)
	}
	now := a.clock.Now()
	in := report.Input{Store: a.store, Programme: progs[0], Period: p.String(), Meeting: m.Day(), Deadline: m.Deadline(), Now: now,
		Contacts: a.contactNames(), Lang: a.cfg.Language}
	// The coordinator's sections of this period carry over from its latest draft.
	if latest, err := a.latestDraft(ctx, p.String()); err == nil {
		in.Sections = sectionsOf(latest)
	}
	if prev, err := a.latestDraft(ctx, p.Prev().String()); err == nil {
		in.Previous = prev
	}
	d, err := report.Build(ctx, in)
	if err != nil {
		return store.Draft{}, err
	}
	docs := map[string][]byte{}
	js, err := json.Marshal(d)
	if err != nil {
		return store.Draft{}, fmt.Errorf("app: %w", err)
	}
	docs[FormatJSON] = js
	for _, aud := range []report.Audience{report.Coordinator, report.Meeting} {
		prefix := ""
		if aud == report.Meeting {
			prefix = FormatMeetingPrefix
		}
		docs[prefix+FormatMarkdown] = report.Markdown(d, aud)
		docs[prefix+FormatHTML] = report.HTML(d, aud)
		for _, f := range []string{FormatDOCX, FormatODT} {
			b, err := report.Office(ctx, d, aud, f, a.referenceDoc(f))
			if errors.Is(err, report.ErrNoPandoc) {
				a.log.Warn("pandoc is not installed: the draft has no office documents", "period", p.String())
				break
			}
			if err != nil {
				return store.Draft{}, err
			}
			docs[prefix+f] = b
		}
	}
	letter := report.Raadsinformatiebrief(d)
	docs[FormatLetter] = letter.Markdown()
	for f, name := range map[string]string{FormatDOCX: FormatLetterDOCX, FormatODT: FormatLetterODT} {
		b, err := letter.Office(ctx, f, a.referenceDoc(f))
		if errors.Is(err, report.ErrNoPandoc) {
			break
		}
		if err != nil {
			return store.Draft{}, err
		}
		docs[name] = b
	}
	stored, err := a.store.AddDraft(ctx, store.Draft{Period: p.String(), Markdown: string(docs[FormatMarkdown]), CreatedBy: by}, docs, now)
	if err != nil {
		return stored, err
	}
	a.log.Info("report draft built", "period", p.String(), "version", stored.Version, "by", by)
	return stored, a.announceDraft(ctx, stored, d, m)
}

// ErrNoDraft is returned by DraftDocument when the period has no draft (version) yet.
var ErrNoDraft = errors.New("app: nog geen concept")

// DraftDocument returns one document of a stored version of a period's draft (version 0: the
// newest) without building anything. format is a stored format ("docx",
// "vergadering-html", "raadsinformatiebrief.docx" …) or one of those with "pdf" for "docx",
// which LibreOffice makes from the stored Word document.
func (a *App) DraftDocument(ctx context.Context, p config.Period, version int, format string) (store.Draft, []byte, error) {
	list, err := a.store.Drafts(ctx, p.String())
	if err != nil {
		return store.Draft{}, nil, err
	}
	var dr store.Draft
	for _, d := range list {
		if version == 0 || d.Version == version {
			dr = d
			break
		}
	}
	if dr.Key == "" {
		return store.Draft{}, nil, ErrNoDraft
	}
	stored, pdf := format, false
	if base, ok := strings.CutSuffix(format, "pdf"); ok {
		stored, pdf = base+FormatDOCX, true
	}
	doc, err := a.store.DraftDocument(ctx, dr.Key, stored)
	if err != nil {
		return dr, nil, err
	}
	if pdf {
		doc, err = report.PDF(ctx, doc)
	}
	return dr, doc, err
}

func (a *App) latestDraft(ctx context.Context, period string) (*report.Draft, error) {
	list, err := a.store.Drafts(ctx, period)
	if err != nil || len(list) == 0 {
		return nil, store.ErrNotFound
	}
	b, err := a.store.DraftDocument(ctx, list[0].Key, FormatJSON)
	if err != nil {
		return nil, err
	}
	var d report.Draft
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

func sectionsOf(d *report.Draft) map[string]string {
	m := map[string]string{}
	for _, s := range d.Sections {
		if s.Markdown != "" && s.Markdown != report.Placeholder {
			m[s.Key] = s.Markdown
		}
	}
	return m
}

func (a *App) contactNames() map[string]string {
	names := map[string]string{}
	for key := range a.cfg.Owners {
		for _, c := range a.cfg.ContactsFor(key) {
			names[c.Key] = c.Name
		}
	}
	return names
}

// announceDraft puts the "concept staat klaar" mail to every coordinator in the outbox.
func (a *App) announceDraft(ctx context.Context, st store.Draft, d *report.Draft, m config.Meeting) error {
	for _, c := range a.cfg.Coordinators {
		data := email.DraftData{Coordinator: c.FirstName(), Period: st.Period, Meeting: m.Day(), Deadline: m.Deadline(),
			Version: st.Version, Missing: len(d.Missing), Delayed: d.Counts.Delayed,
			DraftURL: a.cfg.BaseURL + "/concepten/" + st.Period}
		if err := a.cycle.EnqueueMail(ctx, outbox.DraftAnnouncementKey(st.Key, c.ID()), email.KindDraft, c.Email, data); err != nil {
			return err
		}
	}
	if err := a.announceDraftInChannels(ctx, st, d, m); err != nil {
		return err
	}
	a.worker.Kick()
	return nil
}

// autoDrafts builds the draft of every meeting whose document deadline has come (at the send
// hour of that working day), once: a period that has a draft by voortgang is done.
func (a *App) autoDrafts(ctx context.Context) error {
	now := a.clock.Now()
	cal := a.cfg.Calendar()
	h, mi := a.cfg.SendHourMinute()
	for _, m := range a.cfg.Meetings {
		at := cal.SendTime(cal.AddWorkdays(m.Deadline(), 0), h, mi)
		if now.Before(at) || now.After(m.Day().AddDate(0, 0, 1)) {
			continue
		}
		p := m.ReportingPeriod()
		list, err := a.store.Drafts(ctx, p.String())
		if err != nil {
			return err
		}
		done := false
		for _, d := range list {
			if d.CreatedBy == AutoDraftBy {
				done = true
			}
		}
		if done {
			continue
		}
		if _, err := a.BuildDraft(ctx, p, AutoDraftBy); err != nil {
			return fmt.Errorf("app: concept %s: %w", p, err)
		}
	}
	return nil
}

// referenceDoc is the house-style template for an office format: the command line's Word
// document, else the configured report.reference_docx or report.reference_odt ("" for none).
func (a *App) referenceDoc(format string) string {
	if format == FormatODT {
		return a.cfg.Report.ReferenceODT
	}
	if a.opts.ReferenceDoc != "" {
		return a.opts.ReferenceDoc
	}
	return a.cfg.Report.ReferenceDocx
}
