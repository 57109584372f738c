package web

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/regiogv/voortgang/internal/config"
	"github.com/regiogv/voortgang/internal/proposal"
	"github.com/regiogv/voortgang/internal/store"
	"github.com/regiogv/voortgang/internal/testsupport/stack"
	"github.com/regiogv/voortgang/internal/workbook"
)

// editEnv is setup with the workflow file in a temporary directory and programme editing on.
type editEnv struct {
	*env
	stack     *stack.Editable
	proposals *proposal.Service
}

func setupEditable(t *testing.T, opts ...option) *editEnv {
	t.Helper()
	deps := Deps{RateLimit: RateLimit{PerMinute: 6000, Burst: 1000}}
	sk := stack.NewEditable(t, "../..", inRound, func(cfg *config.Config) {
		for _, o := range opts {
			o(cfg, &deps)
		}
	})
	deps.Store, deps.Config, deps.Signer, deps.Clock, deps.Log, deps.Cycle = sk.Store, sk.Config, sk.Signer, sk.Clock, sk.Log, sk.Cycle
	deps.Proposals = &proposal.Service{Store: sk.Store, Clock: sk.Clock, Programmes: sk.Current, Reload: sk.Reload, Workflows: sk.Config.Workflows}
	srv := httptest.NewServer(New(deps).Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: sk.Store, clock: sk.Clock, cycle: sk.Cycle, signer: sk.Signer}
	e.request, e.token = e.link(contact)
	e.path = "/antwoord/" + e.token
	e.addUsers()
	return &editEnv{env: e, stack: sk, proposals: deps.Proposals}
}

// form9g is the edit form of 9g as loaded, with changes applied.
func form9g(changes map[string]string) url.Values {
	f := url.Values{
		"tekst":     {"Verkennen welke (beter) passende alternatieven (op beschermd wonen) nodig zijn voor jongeren die 18 jaar worden en de jeugdzorg verlaten. Vervolgens welke omvang dit betreft en welk deel daarvan binnen het beleidskader Bescherming & Opvang hoort."},
		"wie":       {"Regio, gemeenten + partners"},
		"eigenaren": {"regio, gemeenten, partners"},
		"cel-plan":  {"Q1 2026"}, "cel-do": {"Q2 2026"}, "cel-check": {"Q3 2026"}, "cel-act": {"Q4 2026"},
		"voetnoten": {"Voetnoot 9: Samen met de beleidsadviseurs Jeugd en (reguliere) Wmo + uitvoeringsdiensten + zorgpartijen, gebruikmakend van de door het taakveld jeugd opgestelde data en analyse.\n\nVoetnoot 10: In lijn met het beleidsplan, waarin gerefereerd wordt aan kamertrainings- en ‘begeleid wonen’-concepten."},
		"reden":     {"Verkenning start later"},
		"knop":      {"voorstellen"},
	}
	for k, v := range changes {
		f.Set(k, v)
	}
	return f
}

var proposalPath = regexp.MustCompile(`^/voorstellen/(\d+)$`)

func TestEditFormShowsMeanings(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	r := b.get("/acties/9e/wijzigen")
	if r.code != http.StatusOK {
		t.Fatalf("GET edit = %d", r.code)
	}
	mustContain(t, r.body,
		`<label for="cel-check">Planning Check</label>`,
		`id="cel-check-betekenis" aria-live="polite"><strong>Betekenis:</strong> Doorlopend: geen taken met een datum.</p>`,
		`id="cadans-wachtlijst-afstemming-sociaal-plein" name="cadans-wachtlijst-afstemming-sociaal-plein" value="Iedere 6 weken"`,
		`name="cadans-wachtlijst-afstemming-sociaal-plein-eigenaren" value="regio, hilversum"`,
		`34 keer, uiterlijk op 11 februari 2026, 25 maart 2026, … tot en met 28 november 2029`)

	// Preview: meanings of what was typed, the exact error where it does not parse, nothing stored.
	r = b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Halfjaarlijks", "cel-act": "Q5 2026", "knop": "bekijken"}))
	if r.code != http.StatusOK {
		t.Fatalf("preview = %d\n%s", r.code, r.body)
	}
	mustContain(t, r.body, `2× per jaar, 2026–2029: 30 juni, 31 december`,
		`id="cel-act-fout"><span class="verborgen">Fout:</span> &#34;Q5 2026&#34;: kwartaal moet Q1..Q4 zijn</p>`,
		`aria-invalid="true"`)
	mustNotContain(t, r.body, `class="foutoverzicht"`)
	if open, err := e.store.OpenProposals(context.Background(), prog2); err != nil || len(open) != 0 {
		t.Errorf("a preview stored a proposal: %+v, %v", open, err)
	}

	// Proposing with an error: 422, summary linking to the field, nothing stored.
	r = b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-act": "Q5 2026", "eigenaren": "regio, provincie", "reden": ""}))
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad proposal = %d", r.code)
	}
	mustContain(t, r.body, `<title>Fout: Actie 9g wijzigen`, `<a href="#cel-act">Planning Act: &#34;Q5 2026&#34;: kwartaal moet Q1..Q4 zijn</a>`,
		`<a href="#eigenaren">`, `Eigenaar &#34;provincie&#34; bestaat niet in dit programma.`, `<a href="#reden">`)
	if open, err := e.store.OpenProposals(context.Background(), prog2); err != nil || len(open) != 0 {
		t.Errorf("a refused proposal was stored: %+v, %v", open, err)
	}
}

const prog2 = "bescherming-opvang-2026-2029"

func TestEditProposeConfirmRestore(t *testing.T) {
	ctx := context.Background()
	e := setupEditable(t)
	original := e.workflowFile()
	b := e.signedIn(coordKey, coordPass)

	// Viewers cannot reach the edit pages.
	v := e.signedIn(viewerKey, viewerPass)
	if r := v.get("/acties/9g/wijzigen"); r.code != http.StatusForbidden {
		t.Errorf("viewer GET edit = %d", r.code)
	}
	if r := v.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Q3 2026"})); r.code != http.StatusForbidden {
		t.Errorf("viewer POST edit = %d", r.code)
	}
	// A cross-site POST is refused.
	if r := e.post("/acties/9g/wijzigen", form9g(nil), "Sec-Fetch-Site", "cross-site"); r.code != http.StatusForbidden {
		t.Errorf("cross-site POST = %d", r.code)
	}

	r := b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Q3 2026", "cel-act": "Gereed"}))
	m := proposalPath.FindStringSubmatch(r.header.Get("Location"))
	if r.code != http.StatusSeeOther || m == nil {
		t.Fatalf("propose = %d %s\n%s", r.code, r.header.Get("Location"), r.body)
	}
	r = b.get(m[0])
	mustContain(t, r.body, `Taken erbij: 0 · verschoven: 1 · gewijzigd: 0 · vervallen: 1 ·`,
		`<td>1 april 2026 – 30 juni 2026</td><td>1 juli 2026 – 30 september 2026</td>`,
		`<h2 id="vervallen">Vervallen taken</h2>`, `Bevestigen: wijziging doorvoeren`)
	mustNotContain(t, r.body, `id="beantwoord"`)
	if e.workflowFile() != original {
		t.Fatal("the file changed before the proposal was confirmed")
	}

	r = b.post(m[0]+"/bevestigen", url.Values{})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != m[0]+"?melding=voorstel-toegepast" {
		t.Fatalf("confirm = %d %s\n%s", r.code, r.header.Get("Location"), r.body)
	}
	r = b.get(m[0] + "?melding=voorstel-toegepast")
	mustContain(t, r.body, "De wijziging is doorgevoerd", "is versie 2 van het programma")
	task, err := e.store.Task(ctx, prog2+"/9g/do/2026-07-01..2026-09-30")
	if err != nil || task.Obsolete() {
		t.Fatalf("the new task: %+v, %v", task, err)
	}
	mustContain(t, b.get("/acties/9g").body, `<td>Q3 2026</td>`)

	// The versions: 1 is the file as found, 2 the change; restoring 1 brings the old plan back.
	r = b.get("/programma/" + prog2 + "/versies")
	mustContain(t, r.body, `<a href="/programma/`+prog2+`/versies/2">2</a>`, `Verkenning start later`, `het workflowbestand`, `&#43;0, ~1, −1`)
	r = b.get("/programma/" + prog2 + "/versies/1")
	mustContain(t, r.body, `Deze versie terugzetten`, `# Uitvoeringsprogramma Bescherming &amp; Opvang 2026-2029`)
	r = b.post("/programma/"+prog2+"/versies/1/terugzetten", url.Values{"reden": {"Toch in Q2"}})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/programma/"+prog2+"/versies/3?melding=versie-teruggezet" {
		t.Fatalf("restore = %d %s", r.code, r.header.Get("Location"))
	}
	if e.workflowFile() != original {
		t.Error("restore did not write version 1 back")
	}
	if task, err := e.store.Task(ctx, prog2+"/9g/do/2026-04-01..2026-06-30"); err != nil || task.Obsolete() {
		t.Errorf("the old task after restore: %+v, %v", task, err)
	}
	mustContain(t, b.get("/programma/"+prog2+"/versies/3").body, "Dit is de versie die nu geldt.", "(versie 1 teruggezet)")
	audit, _ := e.store.Audit(ctx, proposal.AuditEntity, prog2)
	if len(audit) != 3 || audit[0].Actor != coordKey {
		t.Errorf("audit = %+v", audit)
	}
}

func TestEditProposalShowsAnsweredTasksLoudly(t *testing.T) {
	e := setupEditable(t)
	if _, err := e.store.AddResponse(context.Background(), store.Response{RefKind: store.RefAction, Ref: prog2 + "/9g",
		ContactKey: contact, Period: period, Status: "op schema", Source: store.SourceWeb}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	b := e.signedIn(coordKey, coordPass)
	loc := b.propose("/acties/9g/wijzigen", form9g(map[string]string{"cel-check": "Gereed", "cel-act": "Gereed"}))
	r := b.get(loc)
	mustContain(t, r.body, `<h2 id="beantwoord-titel">Let op: 2 taken met antwoorden vervallen</h2>`,
		`Ze blijven met hun antwoorden bewaard`, `<strong class="label">heeft antwoorden</strong>`,
		`Bevestigen, ook al vervallen er taken met antwoorden`)
	if i, j := strings.Index(r.body, `id="beantwoord"`), strings.Index(r.body, `Bevestigen`); i < 0 || j < i {
		t.Error("the answered tasks do not stand before the confirm button")
	}
}

func TestEditOffWithoutProposals(t *testing.T) {
	e := setupBoard(t)
	b := e.signedIn(coordKey, coordPass)
	if r := b.get("/acties/9g/wijzigen"); r.code != http.StatusNotFound {
		t.Errorf("edit without Proposals = %d", r.code)
	}
	mustNotContain(t, b.get("/acties/9g").body, "/wijzigen")
}

func TestWorkbookExportImportAndStatus(t *testing.T) {
	e := setupEditable(t)
	e.post(e.path, answerTwo("Het BOZV is in november gehouden."))
	b := e.signedIn(coordKey, coordPass)

	r := b.get("/programma/" + prog2 + "/werkmap.xlsx")
	if r.code != http.StatusOK || r.header.Get("Content-Type") != xlsxType ||
		r.header.Get("Content-Disposition") != `attachment; filename="`+prog2+`.xlsx"` {
		t.Fatalf("export = %d %v", r.code, r.header)
	}
	f, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	// The coordinator moves 9g's Act in Excel and reads the workbook back in.
	rows, _ := f.GetRows(workbook.SheetActions)
	for i, row := range rows {
		if row[0] == "9" && row[1] == "g" {
			f.SetCellStr(workbook.SheetActions, "I"+strconv.Itoa(i+1), "Q2 2027")
		}
	}
	buf, _ := f.WriteToBuffer()
	r = b.upload("/programma/"+prog2+"/importeren", buf.Bytes(), "Planning uit Excel")
	if r.code != http.StatusSeeOther || !proposalPath.MatchString(r.header.Get("Location")) {
		t.Fatalf("import = %d %s\n%s", r.code, r.header.Get("Location"), r.body)
	}
	r = b.get(r.header.Get("Location"))
	mustContain(t, r.body, "Taken erbij: 0 · verschoven: 1 · gewijzigd: 0 · vervallen: 0 ·",
		"<td>1 oktober 2026 – 31 december 2026</td><td>1 april 2027 – 30 juni 2027</td>")
	// Only values changed: written into the file in place, its comments kept.
	mustNotContain(t, r.body, "vervangt het hele workflowbestand")
	pr, err := e.store.Proposal(context.Background(), 1)
	if err != nil || !strings.Contains(string(pr.Source), "# interpretation:") || pr.Summary != workbookPatchSummary {
		t.Errorf("in-place proposal: %q, %v", pr.Summary, err)
	}
	// Without 9h the structure differs: the whole file is written anew, and the page says so.
	for i, row := range rows {
		if row[0] == "9" && row[1] == "h" {
			f.RemoveRow(workbook.SheetActions, i+1)
		}
	}
	buf, _ = f.WriteToBuffer()
	r = b.upload("/programma/"+prog2+"/importeren", buf.Bytes(), "9h vervalt")
	if r.code != http.StatusSeeOther {
		t.Fatalf("structural import = %d\n%s", r.code, r.body)
	}
	mustContain(t, b.get(r.header.Get("Location")).body, "vervangt het hele workflowbestand", "Taken erbij: 0 · verschoven: 1 · gewijzigd: 0 · vervallen: 4 ·")
	rows, _ = f.GetRows(workbook.SheetActions)

	// A broken workbook: every problem named by sheet, row and column; no proposal.
	for i, row := range rows {
		if row[0] == "9" && row[1] == "g" {
			f.SetCellStr(workbook.SheetActions, "G"+strconv.Itoa(i+1), "Q9 2026")
		}
	}
	buf, _ = f.WriteToBuffer()
	r = b.upload("/programma/"+prog2+"/importeren", buf.Bytes(), "kapot")
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("broken import = %d", r.code)
	}
	mustContain(t, r.body, `kolom Do: &#34;Q9 2026&#34;: kwartaal moet Q1..Q4 zijn`, "blad Acties, rij ")

	// The status of the period: the Regio's answer on 3a, and a row per municipality for 15b.
	r = b.get("/periode/" + period + "/status.xlsx")
	if r.code != http.StatusOK || r.header.Get("Content-Type") != xlsxType {
		t.Fatalf("status workbook = %d", r.code)
	}
	sf, err := excelize.OpenReader(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	srows, _ := sf.GetRows(workbook.SheetStatus)
	var got3a []string
	municipalities := 0
	for _, row := range srows {
		if row[0] == "3" && row[1] == "a" {
			got3a = row
		}
		if row[0] == "15" && row[1] == "b" && strings.HasPrefix(row[3], "Gemeente ") {
			municipalities++
		}
	}
	if len(got3a) < 7 || got3a[5] != "op schema" || got3a[6] != "Kaarten worden verstrekt." || got3a[4] == "" {
		t.Errorf("status row of 3a = %q", got3a)
	}
	if municipalities != 7 {
		t.Errorf("15b has %d municipality rows, want 7", municipalities)
	}
	if v := e.signedIn(viewerKey, viewerPass); v.get("/periode/"+period+"/status.xlsx").code != http.StatusForbidden {
		t.Error("a viewer got the answers' texts as a workbook")
	}
}

// upload posts a workbook as the import form does (multipart, same origin).
func (b *browser) upload(path string, data []byte, reason string) response {
	b.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("werkmap", "programma.xlsx")
	fw.Write(data)
	mw.WriteField("reden", reason)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", b.e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	return b.e.do(req)
}

var (
	inputRE    = regexp.MustCompile(`<input type="(?:text|date)" id="[^"]*" name="([^"]*)" value="([^"]*)"`)
	textareaRE = regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]*)"[^>]*>(.*?)</textarea>`)
	checkedRE  = regexp.MustCompile(`<input type="checkbox" id="[^"]*" name="([^"]*)" value="([^"]*)" checked>`)
)

// formOf reads the edit form of a page as a browser would submit it unchanged.
func formOf(body string) url.Values {
	f := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(body, -1) {
		f.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range textareaRE.FindAllStringSubmatch(body, -1) {
		f.Set(m[1], html.UnescapeString(m[2]))
	}
	for _, m := range checkedRE.FindAllStringSubmatch(body, -1) {
		f.Add(m[1], html.UnescapeString(m[2]))
	}
	return f
}

// propose posts a form that makes a proposal and returns the proposal's path; it fails the
// test unless the answer sends the browser there.
func (b *browser) propose(path string, f url.Values) string {
	b.e.t.Helper()
	r := b.post(path, f)
	if loc := r.header.Get("Location"); r.code != http.StatusSeeOther || !proposalPath.MatchString(loc) {
		b.e.t.Fatalf("POST %s = %d %s\n%s", path, r.code, loc, r.body)
	}
	return r.header.Get("Location")
}

// confirmProposal posts the proposal's confirm button and fails unless it applied.
func confirmProposal(t *testing.T, b *browser, loc string) {
	t.Helper()
	if r := b.post(loc+"/bevestigen", url.Values{}); r.code != http.StatusSeeOther {
		t.Fatalf("confirm %s = %d\n%s", loc, r.code, r.body)
	}
}

// setFields fills in fields of a form.
func setFields(f url.Values, fields map[string]string) {
	for k, v := range fields {
		f.Set(k, v)
	}
}

// workflowFile is the programme's workflow file as it is on disk now.
func (e *editEnv) workflowFile() string {
	e.t.Helper()
	b, err := os.ReadFile(e.stack.File())
	if err != nil {
		e.t.Fatal(err)
	}
	return string(b)
}

func TestEditContractAndIndicatorOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	r := b.get("/acties/3a/wijzigen")
	mustContain(t, r.body, `<input type="date" id="contract-start" name="contract-start" value="2026-01-01"`,
		`name="indicator-crisiskaarten-streefwaarde" value="25"`)
	f := formOf(r.body)
	if f.Get("tekst") == "" || f.Get("cel-plan") != "2025" {
		t.Fatalf("form as read = %v", f)
	}
	// Unchanged: nothing to propose.
	f.Set("reden", "niets")
	f.Set("knop", "voorstellen")
	if r := b.post("/acties/3a/wijzigen", f); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Er is niets gewijzigd.") {
		t.Errorf("unchanged form = %d", r.code)
	}
	f.Set("contract-looptijd", "vier")
	f.Set("indicator-crisiskaarten-streefwaarde", "veel")
	r = b.post("/acties/3a/wijzigen", f)
	mustContain(t, r.body, `<a href="#contract-looptijd">`, `<a href="#indicator-crisiskaarten-streefwaarde">`)
	setFields(f, map[string]string{"contract-looptijd": "4", "contractgesprekken": "Jaarlijks",
		"indicator-crisiskaarten-streefwaarde": "30", "reden": "Contract verlengd"})
	loc := b.propose("/acties/3a/wijzigen", f)
	r = b.get(loc)
	mustContain(t, r.body, "Voorstel 1: 3a: contract, indicator crisiskaarten", "Taken erbij: 4 · verschoven: 0 · gewijzigd: 0 · vervallen: 0 ·",
		"Contractgesprek Crisiskaart")
}

func TestRetireAndAddActionOnTheBoard(t *testing.T) {
	ctx := context.Background()
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	if r := b.post("/acties/9h/intrekken", url.Values{}); r.code != http.StatusUnprocessableEntity {
		t.Errorf("retire without a reason = %d", r.code)
	}
	loc := b.propose("/acties/9h/intrekken", url.Values{"reden": {"Onderzoek vervalt"}})
	r := b.get(loc)
	mustContain(t, r.body, "9h: ingetrokken", "Taken erbij: 0 · verschoven: 0 · gewijzigd: 0 · vervallen: 4 ·")

	r = b.get("/doelen/3/nieuwe-actie")
	mustContain(t, r.body, `name="letter" value="c"`)
	form := url.Values{"letter": {"c"}, "tekst": {"Evalueren van de crisiskaart"}, "wie": {"Regio"}, "eigenaren": {"regio"},
		"cel-plan": {"Q1 2028"}, "cel-do": {"Q2 2028"}, "cel-check": {"Q3 2028"}, "cel-act": {"Q7 2028"}, "reden": {"Evaluatie"}, "knop": {"voorstellen"}}
	r = b.post("/doelen/3/nieuwe-actie", form)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("add with a bad cell = %d", r.code)
	}
	mustContain(t, r.body, `<a href="#cel-act">Planning Act: &#34;Q7 2028&#34;: kwartaal moet Q1..Q4 zijn</a>`)
	form.Set("cel-act", "Q4 2028")
	form.Set("letter", "a")
	mustContain(t, b.post("/doelen/3/nieuwe-actie", form).body, "Doel 3 heeft al een actie a.")
	form.Set("letter", "c")
	loc = b.propose("/doelen/3/nieuwe-actie", form)
	mustContain(t, b.get(loc).body, "3c: nieuwe actie", "Taken erbij: 4 · verschoven: 0 · gewijzigd: 0 · vervallen: 0 ·")
	// Both proposals were made against the same file: confirming the new action makes the
	// retire proposal stale (the file changed under it), and it says so.
	confirmProposal(t, b, loc)
	if _, err := e.store.Task(ctx, prog2+"/3c/do/2028-04-01..2028-06-30"); err != nil {
		t.Errorf("the new action's task: %v", err)
	}
	mustContain(t, b.get("/acties/3c").body, "Evalueren van de crisiskaart")
	mustContain(t, b.get("/voorstellen/1").body, "Het workflowbestand is gewijzigd nadat dit voorstel is gemaakt")
}

func TestEditPagesInEnglish(t *testing.T) {
	e := setupEditable(t, english())
	b := e.signedIn(coordKey, coordPass)
	r := b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Halfjaarlijks", "knop": "bekijken"}))
	mustContain(t, r.body, `<html lang="en">`, "Change action 9g", "<strong>Meaning:</strong> 2× a year, 2026–2029: June 30, December 31")
	r = b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Q3 2026"}))
	mustContain(t, b.get(r.header.Get("Location")).body, "Tasks added: 0 · moved: 1 · changed: 0 · obsolete: 0 ·", "Confirm: apply the change")
}

// A second programme of the Regio, started from a workbook on the board without YAML.
func TestNewProgrammeFromWorkbook(t *testing.T) {
	ctx := context.Background()
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	f, err := excelize.OpenReader(strings.NewReader(b.get("/programma/" + prog2 + "/werkmap.xlsx").body))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(workbook.SheetProgramme, "B2", "jeugd-2027-2030")
	f.SetCellStr(workbook.SheetProgramme, "B3", "Uitvoeringsprogramma Jeugd 2027-2030")
	buf, _ := f.WriteToBuffer()
	r := b.upload("/programma/nieuw", buf.Bytes(), "Tweede programma")
	if r.code != http.StatusSeeOther {
		t.Fatalf("new programme = %d\n%s", r.code, r.body)
	}
	loc := r.header.Get("Location")
	mustContain(t, b.get(loc).body, "nieuw programma", "Taken erbij: ", "Bevestigen: wijziging doorvoeren")
	confirmProposal(t, b, loc)
	if _, err := os.Stat(filepath.Join(e.stack.Config.Workflows, "jeugd-2027-2030.yaml")); err != nil {
		t.Fatalf("no workflow file for the new programme: %v", err)
	}
	if _, err := e.store.Task(ctx, "jeugd-2027-2030/9g/do/2026-04-01..2026-06-30"); err != nil {
		t.Errorf("the new programme's tasks: %v", err)
	}
	mustContain(t, b.get("/programma/jeugd-2027-2030/versies").body, "Tweede programma")
	// The same key again: refused, nothing overwritten.
	r = b.upload("/programma/nieuw", buf.Bytes(), "nog eens")
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "bestaat al") {
		t.Errorf("second new programme with the same key = %d", r.code)
	}
}

// Looking changes nothing: the versions page of a programme never changed on the board
// records no version, it says the file is not a version yet.
func TestVersionsPageRecordsNothing(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get("/programma/"+prog2+"/versies").body, "staat hier nog niet als versie", "Nog geen versies")
	if vs, err := e.store.Versions(context.Background(), prog2); err != nil || len(vs) != 0 {
		t.Errorf("a GET recorded versions: %+v, %v", vs, err)
	}
}

// When the daemon holds the new plan back (it obsoletes too many open tasks), confirming says
// so and leads to the overview, where the hold is accepted.
func TestConfirmedChangeHeldByTheGuard(t *testing.T) {
	e := setupEditable(t)
	e.proposals.Reload = func(ctx context.Context) error {
		_, err := e.store.HoldPlan(ctx, store.PlanHold{Programme: prog2, Fingerprint: "f", OpenTasks: 800, Obsolete: 400, HeldAt: e.clock.Now()})
		return err
	}
	b := e.signedIn(coordKey, coordPass)
	r := b.post("/acties/9g/wijzigen", form9g(map[string]string{"cel-do": "Q3 2026"}))
	r = b.post(r.header.Get("Location")+"/bevestigen", url.Values{})
	if r.code != http.StatusSeeOther || r.header.Get("Location") != "/?melding=voorstel-aangehouden" {
		t.Fatalf("confirm under a hold = %d %s", r.code, r.header.Get("Location"))
	}
	mustContain(t, b.get("/?melding=voorstel-aangehouden").body, "het nieuwe plan is aangehouden")
}

func TestMoveAndSplitOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	loc := b.propose("/acties/9h/verplaatsen", url.Values{"richting": {"omhoog"}})
	mustContain(t, b.get(loc).body, "9h: omhoog verplaatst", "Dit voorstel verandert geen enkele taak.")
	r := b.post("/acties/9a/verplaatsen", url.Values{"richting": {"omhoog"}})
	if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "actie 9a kan niet verder omhoog") {
		t.Errorf("moving the first action up = %d", r.code)
	}
	// The form under the refusal is the action as it stands: no field is marked wrong.
	mustNotContain(t, r.body, `class="fout"`)
	loc = b.propose("/acties/9h/splitsen", url.Values{"delen": {"2"}, "reden": {"Twee onderzoeken"}})
	mustContain(t, b.get(loc).body, "9h: gesplitst in subacties", "Taken erbij: 8 · verschoven: 0 · gewijzigd: 0 · vervallen: 4 ·")
	confirmProposal(t, b, loc)
	mustContain(t, b.get("/acties/9h2").body, "(deel 2)")
}

func TestAddGoalOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get("/programma/"+prog2+"/versies").body, `href="/programma/`+prog2+`/nieuw-doel"`)
	mustContain(t, b.get("/programma/"+prog2+"/nieuw-doel").body, "Nieuw doel 22 in ", `name="doel-titel"`)
	form := url.Values{"doel-titel": {""}, "effecten": {"Minder wachttijd.\nBetere doorstroom."}, "letter": {"a"},
		"tekst": {"Afspraken maken met de zorgverzekeraar"}, "wie": {"Regio"}, "eigenaren": {"regio"},
		"cel-plan": {"Q1 2027"}, "cel-do": {"Q2 2027"}, "cel-check": {"Q4 2027"}, "cel-act": {"2028"}, "reden": {"Nieuw doel"}, "knop": {"voorstellen"}}
	if r := b.post("/programma/"+prog2+"/nieuw-doel", form); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `<a href="#doel-titel">`) {
		t.Fatalf("new doel without a title = %d", r.code)
	}
	form.Set("doel-titel", "Samenwerking met zorgverzekeraars")
	loc := b.propose("/programma/"+prog2+"/nieuw-doel", form)
	mustContain(t, b.get(loc).body, "nieuw doel 22", "Taken erbij: 4 · verschoven: 0")
	confirmProposal(t, b, loc)
	mustContain(t, b.get("/acties/22a").body, "Afspraken maken met de zorgverzekeraar", "22. Samenwerking met zorgverzekeraars")
}
