package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/national"
)

func TestBoardNeedsSignIn(t *testing.T) {
	e := setupBoard(t)
	b := e.browser()
	for _, path := range []string{"/", "/taken", "/acties/15a", "/periode/2026H2", "/concepten/2026H2", "/kalender", "/taken.csv"} {
		r := b.get(path)
		if r.code != http.StatusSeeOther || r.header.Get("Location") != "/inloggen?terug="+url.QueryEscape(path) {
			t.Errorf("GET %s signed out = %d %s", path, r.code, r.header.Get("Location"))
		}
	}
	r := b.post("/acties/15a/taken/status", url.Values{"taak": {"x"}, "status": {"gereed"}, "reden": {"klaar"}})
	if r.code != http.StatusUnauthorized {
		t.Errorf("POST signed out = %d, want 401", r.code)
	}
	mustContain(t, r.body, "U bent niet (meer) ingelogd")
	login := b.get("/inloggen?terug=/taken")
	mustContain(t, login.body, `<html lang="nl">`, "<h1>Inloggen</h1>", `<label for="gebruiker">Gebruikersnaam of e-mailadres</label>`,
		`autocomplete="current-password"`, `name="terug" value="/taken"`, "één cookie")
	mustNotContain(t, login.body, "geen cookies", "/inloggen/oidc")
}

func TestSignInWithPasswordAndSignOut(t *testing.T) {
	e := setupBoard(t)
	b := e.browser()
	r := b.signIn(coordKey, "fout wachtwoord dat niet klopt")
	if r.code != http.StatusUnauthorized || b.cookie != nil {
		t.Fatalf("wrong password = %d, cookie %v", r.code, b.cookie)
	}
	mustContain(t, r.body, "<title>Fout: Inloggen", "De combinatie van gebruikersnaam en wachtwoord klopt niet", `aria-invalid="true"`)
	if r := b.signIn("niemand", coordPass); r.code != http.StatusUnauthorized {
		t.Errorf("unknown user = %d", r.code)
	}
	r = b.signIn(coordEmail, coordPass) // by email address, case as typed
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/" || b.cookie == nil {
		t.Fatalf("sign in = %d %s", r.code, r.header.Get("Location"))
	}
	if !b.cookie.HttpOnly || b.cookie.SameSite != http.SameSiteLaxMode || b.cookie.Secure || len(b.cookie.Value) < 40 {
		t.Errorf("session cookie = %+v", b.cookie)
	}
	// The table keeps a hash, not the cookie value.
	if _, err := e.store.Session(context.Background(), b.cookie.Value, e.clock.Now()); err == nil {
		t.Error("the sessions table holds the cookie value itself")
	}
	home := b.get("/")
	if home.code != 200 {
		t.Fatalf("GET / = %d", home.code)
	}
	mustContain(t, home.body, "Sanne Bakker", "(coördinator)", `<nav class="hoofdmenu" aria-label="Hoofdmenu">`,
		`<a href="/" aria-current="page">Overzicht</a>`, `action="/uitloggen"`)
	if home.header.Get("Cache-Control") != "no-store" {
		t.Errorf("board page Cache-Control = %q", home.header.Get("Cache-Control"))
	}
	old := *b.cookie
	out := b.post("/uitloggen", nil)
	if out.code != http.StatusSeeOther || out.header.Get("Location") != "/inloggen?uitgelogd=1" || b.cookie != nil {
		t.Fatalf("sign out = %d %s", out.code, out.header.Get("Location"))
	}
	b.cookie = &old // the old cookie no longer opens anything
	if r := b.get("/"); r.code != http.StatusSeeOther {
		t.Errorf("after sign-out the old cookie still works: %d", r.code)
	}
	mustContain(t, e.browser().get("/inloggen?uitgelogd=1").body, "U bent uitgelogd.")
}

func TestSignOutIsPostOnlyAndCrossOriginIsRefused(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	if r := b.get("/uitloggen"); r.code == http.StatusSeeOther || r.code == 200 {
		t.Errorf("GET /uitloggen = %d: a link must not sign out", r.code)
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/acties/15a/taken/status", strings.NewReader("taak=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(b.cookie)
	if r := e.do(req); r.code != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", r.code)
	}
}

func TestSessionEndsWhenIdleAndWhenDisabled(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	e.clock.Advance(50 * time.Minute)
	if r := b.get("/"); r.code != 200 {
		t.Fatalf("after 50 minutes = %d", r.code)
	}
	e.clock.Advance(50 * time.Minute) // active 50 minutes ago: still within the idle hour
	if r := b.get("/"); r.code != 200 {
		t.Fatalf("after another 50 minutes = %d", r.code)
	}
	e.clock.Advance(61 * time.Minute)
	if r := b.get("/"); r.code != http.StatusSeeOther {
		t.Errorf("idle for 61 minutes = %d, want redirect to sign in", r.code)
	}
	v := e.signedIn(viewerKey, viewerPass)
	if err := e.store.DisableUser(context.Background(), viewerKey, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if r := v.get("/"); r.code != http.StatusSeeOther {
		t.Errorf("disabled user = %d", r.code)
	}
	if r := e.browser().signIn(viewerKey, viewerPass); r.code != http.StatusUnauthorized {
		t.Errorf("disabled user signs in = %d", r.code)
	}
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	e := setupBoard(t, withBaseURL("https://voortgang.regio.example.org"))
	b := e.signedIn(coordKey, coordPass)
	if !b.cookie.Secure {
		t.Error("cookie not Secure with an https base URL")
	}
}

func TestOverviewShowsEveryActionWithStatusInText(t *testing.T) {
	e := setupBoard(t)
	e.post(e.path, answerTwo("BOZV schuift naar maart."))
	b := e.signedIn(coordKey, coordPass)
	r := b.get("/")
	mustContain(t, r.body, "<h1>Overzicht van het programma</h1>", "De stand van elke actie in de tweede helft 2026.",
		"Programmalijn 1: ", "Programmalijn 3: ", `<caption id="doel-1-15">Doel 15: `, `<th scope="col">Volgende mijlpaal</th>`,
		`<a href="/acties/15a">15a</a>`, `<span class="status status-let-op">vertraagd</span>`,
		`<span class="status status-te-laat"><span aria-hidden="true">⚠</span> Te laat</span>`,
		"BOZV schuift naar maart.", "Anna de Vries")
	v := e.signedIn(viewerKey, viewerPass)
	vr := v.get("/")
	mustContain(t, vr.body, `<span class="status status-let-op">vertraagd</span>`, "(meelezer)")
	mustNotContain(t, vr.body, "BOZV schuift naar maart.")
}

func TestTaskListFiltersSortsAndPages(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(viewerKey, viewerPass)
	all := b.get("/taken")
	if all.code != 200 {
		t.Fatalf("GET /taken = %d", all.code)
	}
	total := regexp.MustCompile(`Taken 1 tot en met 50 van (\d+)`).FindStringSubmatch(all.body)
	if total == nil {
		t.Fatalf("no caption with a total: %s", all.body[:500])
	}
	mustContain(t, all.body, `<nav class="paginering" aria-label="Pagina&#39;s">`, `rel="next"`, `<th scope="col" aria-sort="ascending">`,
		`<label for="f-doel">Doel</label>`)
	r := b.get("/taken?doel=15&sorteer=-due")
	mustContain(t, r.body, `<option value="15" selected>15. `, `<th scope="col" aria-sort="descending">`, `<a href="/acties/15a">15a</a>`)
	mustNotContain(t, r.body, `<a href="/acties/3a">`)
	sel := b.get("/taken?fase=check&periode=2026H2")
	mustContain(t, sel.body, `<option value="check" selected>Check</option>`, `<option value="2026H2" selected>tweede helft 2026</option>`)
	over := b.get("/taken?status=te-laat")
	mustContain(t, over.body, `<span aria-hidden="true">⚠</span> Te laat`)
	mustNotContain(t, over.body, `status-open">Open`)
	page2 := b.get("/taken?pagina=2")
	mustContain(t, page2.body, "Taken 51 tot en met", `rel="prev"`, `aria-current="page"><span class="verborgen">Pagina </span>2</a>`)
	if r := b.get("/taken?doel=zeven&status=raar&sorteer=;drop"); r.code != 200 {
		t.Errorf("nonsense filter = %d, want the unfiltered list", r.code)
	}
}

func TestTaskCSVOpensInDutchExcel(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(viewerKey, viewerPass)
	r := b.get("/taken.csv?doel=15")
	if r.code != 200 || r.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(r.header.Get("Content-Disposition"), `attachment; filename="taken-2026-12-15.csv"`) {
		t.Fatalf("csv = %d %v", r.code, r.header)
	}
	if !strings.HasPrefix(r.body, "\ufeffTaak;Programmalijn;Doel;Actie;Fase;Omschrijving;Eigenaren;Startdatum;Deadline;") {
		t.Fatalf("csv header = %q", r.body[:80])
	}
	if !strings.Contains(r.body, "\r\n") {
		t.Error("csv lines do not end in CRLF")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.body, "\ufeff")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("csv rows = %d, %v", len(rows), err)
	}
	for _, row := range rows[1:] {
		if row[2] != "15" {
			t.Errorf("row of doel %s in a doel 15 export", row[2])
		}
		if row[8] != "" && !regexp.MustCompile(`^\d\d-\d\d-\d{4}$`).MatchString(row[8]) {
			t.Errorf("deadline %q is not dd-mm-jjjj", row[8])
		}
	}
}

func TestCSVCellsAreNotFormulas(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+31 6": "'+31 6", "Plan": "Plan", "": ""} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
}

// firstTask is the key of the first task of action 15a.
func firstTask(t *testing.T, e *env) store.TaskRow {
	t.Helper()
	p, err := e.store.SearchTasks(context.Background(), store.TaskQuery{Goal: 15, Action: "a", Limit: 1})
	if err != nil || len(p.Tasks) == 0 {
		t.Fatalf("no task of 15a: %v", err)
	}
	return p.Tasks[0]
}

func TestCoordinatorEditsAndApprovesAnAnswer(t *testing.T) {
	e := setupBoard(t)
	e.post(e.path, answerTwo("BOZV schuift naar maart."))
	orig := e.latest()[prog+"15a"]
	b := e.signedIn(coordKey, coordPass)
	page := b.get("/acties/15a")
	mustContain(t, page.body, "<h1>Actie 15a</h1>", "<caption>Planning per fase (PDCA)</caption>", "BOZV schuift naar maart.",
		"via formulier", "Tekst bewerken", "Goedkeuren voor de rapportage", `<h2 id="berichten">`)
	edit := "/acties/15a/antwoorden/" + itoa(orig.ID) + "/tekst"
	r := b.post(edit, url.Values{"toelichting": {"Het BOZV-overleg is verplaatst naar maart 2027."}})
	if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "melding=antwoord-bewerkt") {
		t.Fatalf("edit = %d %s", r.code, r.header.Get("Location"))
	}
	all, err := e.store.Responses(context.Background(), store.RefAction, prog+"15a", period)
	if err != nil || len(all) != 2 {
		t.Fatalf("versions = %+v, %v", all, err)
	}
	if all[0].Toelichting != "BOZV schuift naar maart." || all[1].Source != store.SourceBoard || all[1].CreatedBy != coordKey ||
		all[1].Toelichting != "Het BOZV-overleg is verplaatst naar maart 2027." || all[1].Status != "vertraagd" {
		t.Errorf("versions after edit = %+v", all)
	}
	if r := b.post("/acties/15a/antwoorden/"+itoa(all[1].ID)+"/goedkeuren", nil); r.code != http.StatusSeeOther {
		t.Fatalf("approve = %d", r.code)
	}
	got, _ := e.store.Response(context.Background(), all[1].ID)
	if !got.Approved || got.ApprovedBy != coordKey || !got.ApprovedAt.Equal(e.clock.Now().Truncate(time.Millisecond)) {
		t.Errorf("approved = %+v", got)
	}
	// An answer of another action cannot be edited through this one.
	other := e.latest()[prog+"3a"]
	if r := b.post("/acties/15a/antwoorden/"+itoa(other.ID)+"/tekst", url.Values{"toelichting": {"x"}}); r.code != http.StatusNotFound {
		t.Errorf("editing 3a through 15a = %d, want 404", r.code)
	}
	audit, err := e.store.Audit(context.Background(), "actie", prog+"15a")
	if err != nil || len(audit) != 2 || audit[0].Action != "antwoord-bewerkt" || audit[0].Actor != coordKey ||
		!strings.Contains(string(audit[0].Before), "BOZV schuift naar maart.") || !strings.Contains(string(audit[0].After), "maart 2027") ||
		audit[1].Action != "antwoord-goedgekeurd" {
		t.Errorf("audit = %+v, %v", audit, err)
	}
	page = b.get("/acties/15a?melding=goedgekeurd")
	mustContain(t, page.body, "Het antwoord is goedgekeurd voor de rapportage.", "goedgekeurd voor de rapportage", "versie 2",
		"bord (coördinator)", "Tekst van antwoord bewerkt", "Antwoord goedgekeurd")
}

func TestViewerSeesButCannotChange(t *testing.T) {
	e := setupBoard(t)
	e.post(e.path, answerTwo("Geheime toelichting van Anna."))
	resp := e.latest()[prog+"15a"]
	v := e.signedIn(viewerKey, viewerPass)
	page := v.get("/acties/15a")
	if page.code != 200 {
		t.Fatalf("viewer action page = %d", page.code)
	}
	mustContain(t, page.body, "Alleen coördinatoren zien de antwoorden van eigenaren.", "<caption>Mijlpalen van deze actie</caption>")
	mustNotContain(t, page.body, "Geheime toelichting", "Tekst bewerken", `action="/acties/15a/taken/status"`, "Verstuurde berichten", "auditlog")
	task := firstTask(t, e)
	for path, form := range map[string]url.Values{
		"/acties/15a/antwoorden/" + itoa(resp.ID) + "/tekst":      {"toelichting": {"gewijzigd"}},
		"/acties/15a/antwoorden/" + itoa(resp.ID) + "/goedkeuren": nil,
		"/acties/15a/taken/status":                                {"taak": {task.Key}, "status": {"gereed"}, "reden": {"x"}},
		"/acties/15a/taken/datum":                                 {"taak": {task.Key}, "datum": {"2027-03-31"}, "reden": {"x"}},
		"/acties/15a/contactpersoon":                              {"periode": {period}, "contactpersoon": {"pieter-jansen"}},
		"/periode/2026H2/herinnering":                             {"contact": {contact}},
		"/concepten/2026H2":                                       nil,
	} {
		if r := v.post(path, form); r.code != http.StatusForbidden {
			t.Errorf("viewer POST %s = %d, want 403", path, r.code)
		}
	}
	if got := e.latest()[prog+"15a"]; got.Version != resp.Version || got.Approved {
		t.Errorf("a viewer changed the answer: %+v", got)
	}
	if r, _ := e.store.Task(context.Background(), task.Key); r.StatusOverride != "" || !r.DueOverride.IsZero() {
		t.Errorf("a viewer changed the task: %+v", r)
	}
}

func TestCoordinatorClosesAndMovesATaskWithAReason(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	task := firstTask(t, e)
	r := b.post("/acties/15a/taken/status", url.Values{"taak": {task.Key}, "status": {"gereed"}, "reden": {""}})
	if r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "melding=fout-reden") {
		t.Fatalf("without reason = %d %s", r.code, r.header.Get("Location"))
	}
	mustContain(t, b.get(r.header.Get("Location")).body, `role="alert"`, "Geef een reden op")
	if got, _ := e.store.Task(context.Background(), task.Key); got.StatusOverride != "" {
		t.Fatal("status changed without a reason")
	}
	if r := b.post("/acties/15a/taken/status", url.Values{"taak": {task.Key}, "status": {"gereed"}, "reden": {"Vastgesteld in het PHO"}}); r.code != http.StatusSeeOther {
		t.Fatalf("close = %d", r.code)
	}
	if r := b.post("/acties/15a/taken/datum", url.Values{"taak": {task.Key}, "datum": {"31-03-2027"}, "reden": {"Subsidie later"}}); r.code != http.StatusSeeOther {
		t.Fatalf("move = %d", r.code)
	}
	got, _ := e.store.Task(context.Background(), task.Key)
	if got.StatusOverride != store.TaskDone || got.StatusOverrideBy != coordKey || got.DueOverride.Format(time.DateOnly) != "2027-03-31" ||
		got.DueOverrideReason != "Subsidie later" {
		t.Errorf("task = %+v", got)
	}
	// A task of another action is refused.
	other, err := e.store.SearchTasks(context.Background(), store.TaskQuery{Goal: 3, Action: "a", Limit: 1})
	if err != nil || len(other.Tasks) == 0 {
		t.Fatalf("a task of 3a: %+v, %v", other, err)
	}
	if r := b.post("/acties/15a/taken/status", url.Values{"taak": {other.Tasks[0].Key}, "status": {"gereed"}, "reden": {"x"}}); r.code != http.StatusBadRequest {
		t.Errorf("other action's task = %d, want 400", r.code)
	}
	audit, _ := e.store.Audit(context.Background(), "actie", prog+"15a")
	if len(audit) != 2 || audit[0].Action != "taakstatus" || audit[1].Action != "deadline-verplaatst" ||
		!strings.Contains(string(audit[1].After), "2027-03-31") {
		t.Errorf("audit = %+v", audit)
	}
	hist, _ := e.store.TaskHistory(context.Background(), task.Key)
	if len(hist) != 2 || hist[0].ChangedBy != coordKey {
		t.Errorf("task history = %+v", hist)
	}
	page := b.get("/acties/15a")
	mustContain(t, page.body, "Gereed", "verplaatst, was ", "Subsidie later")
}

func TestCoordinatorChangesTheResponsibleContact(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get("/acties/15a").body, "In de tweede helft 2026 antwoordt: Anna de Vries.")
	if r := b.post("/acties/15a/contactpersoon", url.Values{"periode": {period}, "contactpersoon": {"pieter-jansen"}}); r.code != http.StatusSeeOther {
		t.Fatalf("set contact = %d", r.code)
	}
	page := b.get("/acties/15a").body
	mustContain(t, page, "In de tweede helft 2026 antwoordt: Pieter Jansen. (door een coördinator gekozen)",
		`<option value="pieter-jansen" selected>`)
	// The choice is among the contacts of the programme's organisations: the configuration's
	// politie (Rob van der Meer) owns no action of it.
	if strings.Contains(page, `value="rob-vandermeer"`) || strings.Count(page, "<option value=") < 5 {
		t.Errorf("the responsible contact is chosen from %d contacts, politie's among them: %v",
			strings.Count(page, "<option value="), strings.Contains(page, `value="rob-vandermeer"`))
	}
	if r := b.post("/acties/15a/contactpersoon", url.Values{"periode": {period}, "contactpersoon": {"onbekend"}}); r.code != http.StatusBadRequest {
		t.Errorf("unknown contact = %d", r.code)
	}
	audit, _ := e.store.Audit(context.Background(), "actie", prog+"15a")
	if len(audit) != 1 || !strings.Contains(string(audit[0].After), "pieter-jansen") {
		t.Errorf("audit = %+v", audit)
	}
}

func TestPeriodPageAndReminderNow(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	if r := b.get("/periode"); r.code != http.StatusSeeOther || r.header.Get("Location") != "/periode/2026H2" {
		t.Fatalf("/periode = %d %s", r.code, r.header.Get("Location"))
	}
	page := b.get("/periode/2026H2")
	mustContain(t, page.body, "<h1>Uitvraag tweede helft 2026</h1>", `<th scope="row">Anna de Vries</th>`, "Nog niets beantwoord",
		"Nu herinneren", "Naar vervanger (Pieter Jansen)", `<th scope="col">E-mail onbestelbaar</th>`)
	send := func(to string) response {
		return b.post("/periode/2026H2/herinnering", url.Values{"contact": {contact}, "aan": {to}})
	}
	if r := send("contact"); r.code != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "herinnering-verstuurd") {
		t.Fatalf("remind = %d %s", r.code, r.header.Get("Location"))
	}
	if r := send("vervanger"); r.code != http.StatusSeeOther {
		t.Fatalf("remind deputy = %d", r.code)
	}
	msgs, err := e.store.OutboxMessages(context.Background(), store.OutboxQuery{KeyPrefix: "herinnering/2026H2/" + contact + "/bord-"})
	if err != nil || len(msgs) != 2 || msgs[0].Recipient != "anna.devries@regio.example.org" || msgs[1].Recipient != "pieter.jansen@regio.example.org" ||
		msgs[1].Key != "herinnering/2026H2/anna-devries/bord-2" || !strings.Contains(msgs[0].Subject, "Herinnering") {
		t.Fatalf("reminders = %+v, %v", msgs, err)
	}
	mustContain(t, b.get("/periode/2026H2?melding=herinnering-verstuurd").body, "2×, laatst 15 december 2026", "De herinnering staat klaar")
	audit, _ := e.store.Audit(context.Background(), "contact", contact)
	if len(audit) != 2 {
		t.Errorf("audit = %+v", audit)
	}
	if r := b.get("/periode/2026H9"); r.code != http.StatusNotFound {
		t.Errorf("bad period = %d", r.code)
	}
}

func TestDraftsListDownloadsDiffAndBuild(t *testing.T) {
	built := 0
	var e *env
	e = setup(t, withBuildDraft(func(ctx context.Context, p config.Period, by string) (store.Draft, error) {
		built++
		return e.store.AddDraft(ctx, store.Draft{Period: p.String(), Markdown: "# Voortgang\n\nNieuwe regel\n", CreatedBy: by},
			map[string][]byte{"md": []byte("# Voortgang"), "vergadering-md": []byte("# PHO")}, e.clock.Now())
	}))
	e.addUsers()
	ctx := context.Background()
	_, err := e.store.AddDraft(ctx, store.Draft{Period: period, Markdown: "# Voortgang\n\nActie 15a: op schema\nOngewijzigd\n", CreatedBy: "voortgang"},
		map[string][]byte{"md": []byte("# v1"), "docx": []byte("PK\x03\x04"), "vergadering-docx": []byte("PK\x03\x04 pho")}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Hour)
	_, err = e.store.AddDraft(ctx, store.Draft{Period: period, Markdown: "# Voortgang\n\nActie 15a: vertraagd\nOngewijzigd\n", CreatedBy: coordKey},
		map[string][]byte{"md": []byte("# v2")}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	b := e.signedIn(coordKey, coordPass)
	page := b.get("/concepten/2026H2")
	mustContain(t, page.body, "<h1>Concepten tweede helft 2026</h1>", "Versie 2", "Versie 1", "Gewijzigd sinds versie 1",
		"1 regel toegevoegd, 1 regel verwijderd.", `<li class="diff-verwijderd">`, `<span class="verborgen">verwijderd: </span><code>Actie 15a: op schema</code>`,
		`<span class="verborgen">toegevoegd: </span><code>Actie 15a: vertraagd</code>`, `href="/concepten/2026H2/1/docx"`, "Nieuw concept maken")
	doc := b.get("/concepten/2026H2/1/docx")
	if doc.code != 200 || doc.body != "PK\x03\x04" || !strings.Contains(doc.header.Get("Content-Disposition"), "voortgangsrapportage-2026H2-v1.docx") ||
		doc.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
		t.Errorf("download = %d %v", doc.code, doc.header)
	}
	if r := b.post("/concepten/2026H2", nil); r.code != http.StatusSeeOther || built != 1 {
		t.Fatalf("build = %d, built %d", r.code, built)
	}
	mustContain(t, b.get("/concepten/2026H2?melding=concept-gemaakt").body, "Versie 3", "Er is een nieuw concept gemaakt.")
	// Viewers get the meeting's version only, and no diff (it holds the answers).
	v := e.signedIn(viewerKey, viewerPass)
	vp := v.get("/concepten/2026H2")
	mustContain(t, vp.body, `href="/concepten/2026H2/1/vergadering-docx"`)
	mustNotContain(t, vp.body, `href="/concepten/2026H2/1/docx"`, "Gewijzigd sinds", "Nieuw concept maken")
	if r := v.get("/concepten/2026H2/1/docx"); r.code != http.StatusNotFound {
		t.Errorf("viewer downloads the coordinator's version: %d", r.code)
	}
	if r := v.get("/concepten/2026H2/1/vergadering-docx"); r.code != 200 {
		t.Errorf("viewer meeting version = %d", r.code)
	}
}

func TestLineDiff(t *testing.T) {
	tests := []struct {
		name          string
		old, new      string
		added, remove int
	}{
		{"gelijk", "a\nb", "a\nb", 0, 0},
		{"regel toegevoegd", "a\nb", "a\nx\nb", 1, 0},
		{"regel verwijderd", "a\nb\nc", "a\nc", 0, 1},
		{"regel gewijzigd", "a\nb\nc", "a\nB\nc", 1, 1},
		{"alles nieuw", "", "a\nb", 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := lineDiff(tc.old, tc.new, 1)
			if d.Added != tc.added || d.Removed != tc.remove || d.Same != (tc.added+tc.remove == 0) {
				t.Errorf("diff = +%d -%d same=%v", d.Added, d.Removed, d.Same)
			}
		})
	}
	long := strings.Repeat("x\n", 100)
	d := lineDiff(long+"a", long+"b", 2)
	if len(d.Lines) != 1+2+2 || d.Lines[0].Kind != "overgeslagen" {
		t.Errorf("context not trimmed: %d lines, first %+v", len(d.Lines), d.Lines[0])
	}
}

func TestCalendarPageAndFeeds(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	page := b.get("/kalender")
	mustContain(t, page.body, "<h1>Kalender</h1>", "december 2026", "januari 2027", "Deadline documenten PHO Sociaal Domein (tweede helft 2026)",
		"Agenda-abonnementen", "Alle taken", "Per eigenaar", "Per contactpersoon")
	links := regexp.MustCompile(`href="(http://[^"]+/kalender/feed/[^"]+\.ics)">([^<]+)<`).FindAllStringSubmatch(page.body, -1)
	if len(links) < 3 {
		t.Fatalf("feed links = %v", links)
	}
	feed := func(u string) response {
		t.Helper()
		parsed, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		return e.browser().get(parsed.Path) // no session: calendar programs have none
	}
	all := feed(links[0][1])
	if all.code != 200 || all.header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed = %d %s", all.code, all.header.Get("Content-Type"))
	}
	task := firstTask(t, e)
	mustContain(t, all.body, "BEGIN:VCALENDAR", "X-WR-CALNAME:Voortgang – Alle taken", "UID:"+task.Key+"@voortgang",
		"DTSTART;VALUE=DATE:"+task.Due.Format("20060102"), "SUMMARY:", "pho-2026H2-pho-sociaal-domein-deadline@voortgang")
	// Moving the due date moves the same event (same UID).
	if _, err := e.store.SetTaskDue(context.Background(), task.Key, task.Due.AddDate(0, 1, 0), "later", coordKey, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	moved := feed(links[0][1])
	if strings.Count(moved.body, "UID:"+task.Key+"@voortgang") != 1 || !strings.Contains(moved.body, "DTSTART;VALUE=DATE:"+task.Due.AddDate(0, 1, 0).Format("20060102")) {
		t.Error("moved task is not the same event with the new date")
	}
	// A contact's feed has the tasks of the owners the contact answers for only.
	var annaFeed string
	for _, l := range links {
		if l[2] == "Anna de Vries" {
			annaFeed = l[1]
		}
	}
	if annaFeed == "" {
		t.Fatal("no feed for Anna de Vries")
	}
	anna := feed(annaFeed)
	if anna.code != 200 || strings.Count(anna.body, "BEGIN:VEVENT") == 0 || strings.Count(anna.body, "BEGIN:VEVENT") >= strings.Count(all.body, "BEGIN:VEVENT") {
		t.Errorf("Anna's feed has %d events, all has %d", strings.Count(anna.body, "BEGIN:VEVENT"), strings.Count(all.body, "BEGIN:VEVENT"))
	}
	if r := feed(strings.Replace(links[0][1], "/feed/", "/feed/x", 1)); r.code != http.StatusNotFound {
		t.Errorf("altered feed token = %d", r.code)
	}
	// An answer link does not open a feed.
	if r := e.browser().get("/kalender/feed/" + e.token + ".ics"); r.code != http.StatusNotFound {
		t.Errorf("answer token as feed = %d", r.code)
	}
	// Viewers see the calendar but not the secret links.
	v := e.signedIn(viewerKey, viewerPass)
	mustNotContain(t, v.get("/kalender").body, "/kalender/feed/")
}

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("een lang genoeg wachtwoord")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash = %s", h)
	}
	h2, _ := HashPassword("een lang genoeg wachtwoord")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	if !CheckPassword(h, "een lang genoeg wachtwoord") || CheckPassword(h, "een lang genoeg wachtwoorD") || CheckPassword("", "") ||
		CheckPassword("$argon2id$v=19$m=1,t=1,p=1$$", "") {
		t.Error("CheckPassword accepts what it should not, or refuses the right password")
	}
	if _, err := HashPassword("kort"); err == nil {
		t.Error("a short password was accepted")
	}
}

func TestSafeBack(t *testing.T) {
	for in, want := range map[string]string{"/taken?doel=1": "/taken?doel=1", "//evil.example": "/", "https://evil.example": "/",
		"/\\evil": "/", "": "/", "/inloggen": "/"} {
		if got := safeBack(in); got != want {
			t.Errorf("safeBack(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOverviewPagedByProgramme: with several programmes a page shows one programme's
// actions, a chooser of all programmes and the counts of all of them.
func TestOverviewPagedByProgramme(t *testing.T) {
	e := setupBoard(t, withProgrammes(t, 3))
	items := e.itemsOf(contact)
	var second string
	for _, it := range items {
		if it.Programme == national.ProgrammeKey(1) {
			second = it.ActionRef
			break
		}
	}
	if second == "" {
		t.Fatal("the contact has no item in the second programme")
	}
	if r := e.post(e.path, url.Values{"status:" + second: {"vertraagd"}}); r.code != 303 {
		t.Fatalf("answer = %d", r.code)
	}
	b := e.signedIn(coordKey, coordPass)
	first := b.get("/")
	if first.code != 200 {
		t.Fatalf("GET / = %d", first.code)
	}
	leaves := len(e.cycle.Programmes()[0].Leaves())
	if rows := strings.Count(first.body, `<th scope="row">`); rows != leaves {
		t.Errorf("first page has %d action rows, want one programme's %d", rows, leaves)
	}
	mustContain(t, first.body, `<select id="programma" name="programma">`,
		`<option value="regio-000-bo-2026-2029" selected>Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029 (regio 000)</option>`,
		`<option value="regio-002-bo-2026-2029">`, "<h2>Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029 (regio 000)</h2>",
		`<h2 id="samenvatting-alle">Alle 3 programma&#39;s</h2>`)
	mustNotContain(t, first.body, "(regio 001)</h2>")
	mustNotContain(t, first.body[strings.Index(first.body, `id="samenvatting"`):], `<span class="status status-let-op">vertraagd</span>`)
	// The national counts: the one answer, and every action of the three programmes counted once.
	all := first.body[strings.Index(first.body, `id="samenvatting-alle"`):strings.Index(first.body, `id="samenvatting"`)]
	mustContain(t, all, `<span class="status status-let-op">vertraagd</span>: 1</li>`)
	sum := 0
	for _, m := range regexp.MustCompile(`</span>: (\d+)</li>`).FindAllStringSubmatch(all, -1) {
		n, _ := strconv.Atoi(m[1])
		sum += n
	}
	if sum != 3*leaves {
		t.Errorf("national counts add up to %d, want %d", sum, 3*leaves)
	}

	// The national counts are reused for totalsTTL: a second answer shows after it.
	var third string
	for _, it := range items {
		if it.Programme == national.ProgrammeKey(2) {
			third = it.ActionRef
			break
		}
	}
	if r := e.post(e.path, url.Values{"status:" + third: {"vertraagd"}}); r.code != 303 {
		t.Fatalf("answer = %d", r.code)
	}
	counts := func() string {
		body := b.get("/").body
		return body[strings.Index(body, `id="samenvatting-alle"`):strings.Index(body, `id="samenvatting"`)]
	}
	mustContain(t, counts(), `vertraagd</span>: 1</li>`)
	e.clock.Advance(totalsTTL)
	mustContain(t, counts(), `vertraagd</span>: 2</li>`)

	page := b.get("/?programma=" + national.ProgrammeKey(1))
	mustContain(t, page.body, "<h2>Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029 (regio 001)</h2>",
		`<option value="regio-001-bo-2026-2029" selected>`, `<span class="status status-let-op">vertraagd</span>`)
	if rows := strings.Count(page.body, `<th scope="row">`); rows != leaves {
		t.Errorf("second page has %d action rows, want %d", rows, leaves)
	}
	// "15a" is in every programme, so the page links the full reference.
	mustContain(t, page.body, `href="/acties/regio-001-bo-2026-2029%2F15a"`)
	if r := b.get("/acties/regio-001-bo-2026-2029%2F15a"); r.code != 200 || !strings.Contains(r.body, "<h1>Actie 15a</h1>") {
		t.Errorf("the action's link = %d", r.code)
	}
	if r := b.get("/?programma=bestaat-niet"); r.code != 404 {
		t.Errorf("unknown programme = %d, want 404", r.code)
	}
}
