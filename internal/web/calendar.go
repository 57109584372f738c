package web

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/i18n"
	"github.com/regiogv/voortgang/internal/links"
	"github.com/regiogv/voortgang/internal/store"
)

// DefaultCalendarFeedTTL is roughly how long a calendar feed link stays valid. Links expire on
// the first of a month, so the link shown on the board stays the same for a month.
const DefaultCalendarFeedTTL = 2 * 365 * 24 * time.Hour

// calendarMonths is how far ahead the Kalender page looks.
const calendarMonths = 6

// calendarHandler serves the coming months' milestones, contract meetings and PHO deadlines,
// and the iCalendar feeds behind signed links.
type calendarHandler struct{ s *Server }

type calendarData struct {
	Page
	Months      []calMonth
	Coordinator bool
	Feeds       []feedLink
	OwnerFeeds  []feedLink
	PersonFeeds []feedLink
}

type calMonth struct {
	ID, Title string
	Entries   []calEntry
}

type calEntry struct {
	Date, What, Kind, Ref, Href string
	Status                      statusView
	Meeting                     bool
}

type feedLink struct{ Label, URL string }

// Feed scopes in a calendar token's subject.
const (
	feedAll     = "alle"
	feedOwner   = "eigenaar:"
	feedContact = "contact:"
)

func (h *calendarHandler) show(w http.ResponseWriter, r *http.Request) {
	s := h.s
	lang := s.lang()
	today := s.today()
	end := today.AddDate(0, calendarMonths, 0)
	page, err := s.deps.Store.SearchTasks(r.Context(), store.TaskQuery{DueFrom: today, DueTo: end, Today: today, Limit: 5000})
	if err != nil {
		s.fail(w, r, "calendar", err)
		return
	}
	d := calendarData{Page: s.boardPage(r, "calendar", label("calendar.title", lang)), Coordinator: isCoordinator(signedIn(r))}
	type dated struct {
		at time.Time
		e  calEntry
	}
	var all []dated
	for _, t := range page.Tasks {
		if t.StatusOverride == store.TaskCancelled {
			continue
		}
		_, st := taskStatus(t, today, lang)
		all = append(all, dated{t.EffectiveDue(), calEntry{Date: i18n.FormatDayDate(t.EffectiveDue(), lang), What: t.Title,
			Kind: phaseLabel(t, lang), Ref: t.Ref(), Href: "/acties/" + t.Ref(), Status: st}})
	}
	for _, m := range s.deps.Config.Meetings {
		pl := i18n.PeriodLabel(m.ReportingPeriod().String(), lang)
		for _, ev := range []struct {
			at   time.Time
			what string
		}{
			{m.Deadline(), fmt.Sprintf(label("calendar.deadline", lang), m.Name, pl)},
			{m.Day(), fmt.Sprintf(label("calendar.meeting", lang), m.Name, pl)},
		} {
			if ev.at.Before(today) || ev.at.After(end) {
				continue
			}
			all = append(all, dated{ev.at, calEntry{Date: i18n.FormatDayDate(ev.at, lang), What: ev.what, Kind: "PHO", Meeting: true}})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].at.Before(all[j].at) })
	for _, x := range all {
		title := i18n.MonthName(x.at.Month(), lang) + " " + fmt.Sprint(x.at.Year())
		if n := len(d.Months); n == 0 || d.Months[n-1].Title != title {
			d.Months = append(d.Months, calMonth{ID: x.at.Format("maand-2006-01"), Title: title})
		}
		m := &d.Months[len(d.Months)-1]
		m.Entries = append(m.Entries, x.e)
	}
	if d.Coordinator {
		base := strings.TrimRight(s.deps.Config.BaseURL, "/")
		d.Feeds = []feedLink{{Label: label("calendar.feed.all", lang), URL: base + s.feedPath(feedAll)}}
		owners := map[string]bool{}
		for _, a := range s.actions() {
			for _, o := range a.Action.Owners {
				owners[o] = true
			}
		}
		for _, o := range slices.Sorted(maps.Keys(owners)) {
			d.OwnerFeeds = append(d.OwnerFeeds, feedLink{Label: s.ownerName(o), URL: base + s.feedPath(feedOwner+o)})
		}
		contacts, err := s.deps.Store.Contacts(r.Context())
		if err != nil {
			s.fail(w, r, "calendar contacts", err)
			return
		}
		for _, c := range contacts {
			d.PersonFeeds = append(d.PersonFeeds, feedLink{Label: c.Name, URL: base + s.feedPath(feedContact+c.Key)})
		}
	}
	s.render(w, r, http.StatusOK, "calendar", d)
}

// feedPath is the secret path of a feed. The token expires on the first of a month about
// feedTTL from now, so it stays the same for the whole month.
func (s *Server) feedPath(scope string) string {
	exp := s.now().Add(s.feedTTL).UTC()
	exp = time.Date(exp.Year(), exp.Month(), 1, 0, 0, 0, 0, time.UTC)
	return "/kalender/feed/" + s.deps.Signer.Sign(links.Claims{Purpose: links.Calendar, Subject: scope, Expires: exp}) + ".ics"
}

// feed serves an iCalendar feed: every task of the scope as an all-day event on its due
// date, with the task key as UID so that a changed date replaces the event.
func (h *calendarHandler) feed(w http.ResponseWriter, r *http.Request) {
	s := h.s
	noStore(w)
	token := strings.TrimSuffix(r.PathValue("token"), ".ics")
	claims, err := s.deps.Signer.Verify(token, links.Calendar, s.now())
	switch {
	case errors.Is(err, links.ErrExpired):
		s.errorPage(w, r, http.StatusGone, errExpiredLink)
		return
	case err != nil:
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return
	}
	lang := s.lang()
	q := store.TaskQuery{}
	name := label("calendar.feed.all", lang)
	switch sc := claims.Subject; {
	case sc == feedAll:
	case strings.HasPrefix(sc, feedOwner):
		q.Owners = []string{strings.TrimPrefix(sc, feedOwner)}
		name = s.ownerName(q.Owners[0])
	case strings.HasPrefix(sc, feedContact):
		key := strings.TrimPrefix(sc, feedContact)
		q.Owners = s.ownersOfContact(key)
		name = s.contactLabel(r.Context(), key)
		if len(q.Owners) == 0 {
			q.Owners = []string{"\x00none"}
		}
	default:
		s.errorPage(w, r, http.StatusNotFound, errInvalidLink)
		return
	}
	page, err := s.deps.Store.SearchTasks(r.Context(), q)
	if err != nil {
		s.fail(w, r, "calendar feed", err)
		return
	}
	cal := ics.NewCalendarFor("voortgang")
	cal.SetMethod(ics.MethodPublish)
	cal.SetXWRCalName(icsText("Voortgang – " + name))
	cal.SetName(icsText("Voortgang – " + name))
	cal.SetRefreshInterval("PT6H")
	base := strings.TrimRight(s.deps.Config.BaseURL, "/")
	today := s.today()
	// DTSTAMP is when this iCalendar object was made (RFC 5545 3.8.7.2 for a feed without
	// METHOD:REQUEST semantics); LAST-MODIFIED carries the task's own last change.
	stamp := s.now()
	for _, t := range page.Tasks {
		due := t.EffectiveDue()
		if due.IsZero() || t.StatusOverride == store.TaskCancelled {
			continue
		}
		// The task key is the store's stable identity: a coordinator moving the due date
		// keeps it, so the calendar program moves the event instead of adding one.
		ev := cal.AddEvent(t.Key + "@voortgang")
		ev.SetDtStampTime(stamp)
		ev.SetModifiedAt(lastChange(t))
		ev.SetAllDayStartAt(due)
		ev.SetAllDayEndAt(due.AddDate(0, 0, 1))
		_, st := taskStatus(t, today, lang)
		summary := t.Title
		if t.StatusOverride == store.TaskDone {
			summary = "[" + st.Text + "] " + summary
		}
		ev.SetSummary(icsText(summary))
		desc := fmt.Sprintf("%s %s · %s: %s · %s: %s", label("answer.action", lang), t.Ref(), label("tasks.col.owners", lang),
			s.ownerNames(t.Owners), label("tasks.col.status", lang), st.Text)
		if t.DueOverrideReason != "" {
			desc += " · " + fmt.Sprintf(label("tasks.moved", lang), formatDate(t.Due, lang)) + ": " + t.DueOverrideReason
		}
		ev.SetDescription(icsText(desc))
		ev.SetURL(base + "/acties/" + t.Ref())
	}
	if claims.Subject == feedAll {
		for _, m := range s.deps.Config.Meetings {
			ev := cal.AddEvent(meetingUID(m))
			ev.SetDtStampTime(stamp)
			ev.SetAllDayStartAt(m.Deadline())
			ev.SetAllDayEndAt(m.Deadline().AddDate(0, 0, 1))
			ev.SetSummary(icsText(fmt.Sprintf(label("calendar.deadline", lang), m.Name, i18n.PeriodLabel(m.ReportingPeriod().String(), lang))))
		}
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="voortgang.ics"`)
	// RFC 5545 3.1: content lines end with CRLF (the library's default is the platform's).
	if err := cal.SerializeTo(w, ics.WithNewLineWindows); err != nil {
		s.log.Warn("web: calendar feed", "err", err)
	}
}

// meetingUID identifies a meeting's deadline event by what stays when its date moves: the
// period it reports on and its name.
func meetingUID(m config.Meeting) string {
	slug := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(m.Name))
	return "pho-" + m.ReportingPeriod().String() + "-" + strings.Trim(slug, "-") + "-deadline@voortgang"
}

// icsText prepares text for an iCalendar TEXT value: the library escapes LF, backslash,
// comma and semicolon, but a CR (from a coordinator's textarea, "\r\n") or another control
// character would end up raw in the feed, which RFC 5545 forbids. Line breaks become LF (the
// library writes them as \n); other controls but TAB are dropped.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || r >= 0x20 && r != 0x7f {
			return r
		}
		return -1
	}, s)
}

// lastChange is the last time a task changed, for LAST-MODIFIED.
func lastChange(t store.TaskRow) time.Time {
	return slices.MaxFunc([]time.Time{t.UpdatedAt, t.CreatedAt, t.StatusOverrideAt, t.DueOverrideAt},
		func(a, b time.Time) int { return a.Compare(b) })
}

// ownersOfContact are the owner keys a contact answers for, groups included.
func (s *Server) ownersOfContact(key string) []string {
	var out []string
	for _, o := range slices.Sorted(maps.Keys(s.deps.Config.Owners)) {
		for _, c := range s.deps.Config.ContactsFor(o) {
			if c.Key == key {
				out = append(out, o)
				break
			}
		}
	}
	return out
}
