package web

import (
	"net/http"
	"strings"
	"testing"
)

func TestAddAndRemoveContractIndicatorCadenceOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)

	// 9g has no contract: the form offers one, empty, and an empty new indicator and rhythm.
	r := b.get("/acties/9g/wijzigen")
	mustContain(t, r.body, "<legend>Contract toevoegen</legend>", `name="contract-dienst" value=""`,
		"<legend>Indicator toevoegen</legend>", "<legend>Ritme toevoegen</legend>", `name="nieuwe-cadans-ritme" value=""`)
	mustNotContain(t, r.body, `name="contract-verwijderen"`)
	f := formOf(r.body)

	// A preview shows the meaning of the new rhythm; a bad one its exact error.
	setFields(f, map[string]string{"nieuwe-cadans-sleutel": "overleg-jeugd", "nieuwe-cadans-naam": "Overleg met jeugd",
		"nieuwe-cadans-ritme": "Halfjaarlijks", "knop": "bekijken"})
	mustContain(t, b.post("/acties/9g/wijzigen", f).body, `id="nieuwe-cadans-ritme-betekenis"`, "2× per jaar, 2026–2029: 30 juni, 31 december")
	f.Set("nieuwe-cadans-ritme", "Q5 2026")
	mustContain(t, b.post("/acties/9g/wijzigen", f).body, `id="nieuwe-cadans-ritme-fout"><span class="verborgen">Fout:</span> &#34;Q5 2026&#34;: kwartaal moet Q1..Q4 zijn</p>`)

	// Proposing with mistakes in the new parts: each named and linked, nothing stored.
	setFields(f, map[string]string{"knop": "voorstellen", "reden": "Kamertraining ingekocht",
		"nieuwe-cadans-eigenaren": "regio, provincie", "contract-aanbieder": "Kwintes",
		"nieuwe-indicator-sleutel": "Jongeren Verkend", "nieuwe-indicator-streefwaarde": "veel"})
	r = b.post("/acties/9g/wijzigen", f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad parts = %d", r.code)
	}
	mustContain(t, r.body, `<a href="#nieuwe-cadans-ritme">`, `<a href="#nieuwe-cadans-eigenaren">`, `<a href="#contract-dienst">`,
		`<a href="#contract-start">`, `<a href="#nieuwe-indicator-sleutel">`, `<a href="#nieuwe-indicator-naam">`, `<a href="#nieuwe-indicator-streefwaarde">`)

	// Add a contract with yearly meetings, an indicator and a rhythm with its own owners.
	setFields(f, map[string]string{"nieuwe-cadans-ritme": "Halfjaarlijks", "nieuwe-cadans-fase": "do",
		"nieuwe-cadans-eigenaren": "regio, hilversum", "contract-dienst": "Kamertraining", "contract-start": "2026-07-01",
		"contract-looptijd": "2", "contractgesprekken": "Jaarlijks", "nieuwe-indicator-sleutel": "jongeren-verkend",
		"nieuwe-indicator-naam": "Jongeren in beeld", "nieuwe-indicator-eenheid": "jongeren",
		"nieuwe-indicator-streefwaarde": "40", "nieuwe-indicator-per": "periode"})
	loc := b.propose("/acties/9g/wijzigen", f)
	r = b.get(loc)
	mustContain(t, r.body, "9g: contract erbij, indicator jongeren-verkend erbij, cadans overleg-jeugd erbij", "Contractgesprek Kamertraining", "Overleg met jeugd")
	mustNotContain(t, r.body, "vervallen: 1")
	confirmProposal(t, b, loc)
	file := e.workflowFile()
	mustContain(t, file, "            contract:\n              service: Kamertraining\n              provider: Kwintes\n              start: 2026-07-01\n              years: 2\n              meetings: Jaarlijks\n",
		"              - key: jongeren-verkend\n", "                owners: [regio, hilversum]\n")

	// Now the form offers to remove each of them; removing all three obsoletes their tasks.
	r = b.get("/acties/9g/wijzigen")
	mustContain(t, r.body, `<legend>Contract</legend>`, `name="contract-dienst" value="Kamertraining"`,
		`<input type="checkbox" id="contract-verwijderen" name="contract-verwijderen" value="ja">`,
		`name="indicator-jongeren-verkend-verwijderen"`, `name="cadans-overleg-jeugd-verwijderen"`)
	f = formOf(r.body)
	setFields(f, map[string]string{"contract-verwijderen": "ja", "indicator-jongeren-verkend-verwijderen": "ja",
		"cadans-overleg-jeugd-verwijderen": "ja", "reden": "Toch niet", "knop": "voorstellen"})
	loc = b.propose("/acties/9g/wijzigen", f)
	r = b.get(loc)
	mustContain(t, r.body, "9g: contract weg, indicator jongeren-verkend weg, cadans overleg-jeugd weg", "Taken erbij: 0 ·", `<h2 id="vervallen">Vervallen taken</h2>`)
	confirmProposal(t, b, loc)
	after := e.workflowFile()
	if strings.Contains(after, "Kamertraining") || strings.Contains(after, "overleg-jeugd") || strings.Contains(after, "jongeren-verkend") {
		t.Error("removed parts are still in the file")
	}
}

func TestRemoveOneOfTwoCadences(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	f := formOf(b.get("/acties/9e/wijzigen").body)
	// Q9 2026 is no planning, but the phrase of a rhythm that is removed is not checked.
	setFields(f, map[string]string{"cadans-wachtlijst-afstemming-uitvoeringsdiensten-verwijderen": "ja",
		"cadans-wachtlijst-afstemming-uitvoeringsdiensten": "Q9 2026", "reden": "Overleg samengevoegd", "knop": "voorstellen"})
	loc := b.propose("/acties/9e/wijzigen", f)
	mustContain(t, b.get(loc).body, "9e: cadans wachtlijst-afstemming-uitvoeringsdiensten weg", "Taken erbij: 0 ·", "Vervallen taken")
}

func TestEditGoalOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	if r := e.signedIn(viewerKey, viewerPass).get("/doelen/1/wijzigen"); r.code != http.StatusForbidden {
		t.Errorf("viewer GET goal edit = %d", r.code)
	}
	mustContain(t, b.get("/acties/1a/wijzigen").body, `href="/doelen/1/wijzigen"`)
	r := b.get("/doelen/1/wijzigen")
	mustContain(t, r.body, "<title>Doel 1 wijzigen", `>Continueren en doorontwikkelen Herstelnetwerk</textarea>`, `name="effecten"`)
	f := formOf(r.body)
	f.Set("knop", "voorstellen")
	f.Set("reden", "Niets")
	if r := b.post("/doelen/1/wijzigen", f); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Er is niets gewijzigd.") {
		t.Errorf("unchanged goal = %d", r.code)
	}
	if r := e.post("/doelen/1/wijzigen", f, "Sec-Fetch-Site", "cross-site"); r.code != http.StatusForbidden {
		t.Errorf("cross-site POST = %d", r.code)
	}
	f.Set("doel-titel", " ")
	f.Set("reden", "")
	r = b.post("/doelen/1/wijzigen", f)
	mustContain(t, r.body, `<a href="#doel-titel">`, `<a href="#reden">`)
	setFields(f, map[string]string{"doel-titel": "Herstelnetwerk continueren en versterken",
		"effecten": f.Get("effecten") + "\nMeer ervaringsdeskundigen aan het werk.", "doel-voetnoten": "Zie ook doel 2.",
		"reden": "Bijgesteld na de evaluatie"})
	loc := b.propose("/doelen/1/wijzigen", f)
	mustContain(t, b.get(loc).body, "doel 1: titel, effecten, voetnoten", "Taken erbij: 0 · verschoven: 0 · gewijzigd: 0 · vervallen: 0 ·")
	confirmProposal(t, b, loc)
	mustContain(t, b.get("/acties/1a").body, "1. Herstelnetwerk continueren en versterken")
	file := e.workflowFile()
	mustContain(t, file, "          - Meer ervaringsdeskundigen aan het werk.\n", "        notes:\n          - Zie ook doel 2.\n")
}

func TestEditOwnersOnTheBoard(t *testing.T) {
	e := setupEditable(t)
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get("/programma/"+prog2+"/versies").body, `href="/programma/`+prog2+`/eigenaren"`)
	r := b.get("/programma/" + prog2 + "/eigenaren")
	mustContain(t, r.body, `name="eigenaar-ggd-naam" value="GGD Gooi en Vechtstreek"`, `name="eigenaar-ggd-verwijderen"`, "Groep van: blaricum, eemnes")
	f := formOf(r.body)
	f.Set("reden", "Sociaal Plein als eigen eigenaar")
	// A taken key, and removing an owner that actions still name, are refused.
	f.Set("nieuwe-eigenaar-sleutel", "ggd")
	f.Set("nieuwe-eigenaar-naam", "Dubbel")
	mustContain(t, b.post("/programma/"+prog2+"/eigenaren", f).body, `<a href="#nieuwe-eigenaar-sleutel">`, "bestaat al")
	f.Set("nieuwe-eigenaar-sleutel", "")
	f.Set("eigenaar-ggd-verwijderen", "ja")
	r = b.post("/programma/"+prog2+"/eigenaren", f)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("removing a used owner = %d", r.code)
	}
	mustContain(t, r.body, `eigenaar &#34;ggd&#34; is niet gedeclareerd onder owners`)
	f.Del("eigenaar-ggd-verwijderen")
	setFields(f, map[string]string{"nieuwe-eigenaar-sleutel": "sociaal-plein", "nieuwe-eigenaar-naam": "Sociaal Plein Hilversum",
		"eigenaar-ggd-naam": "GGD Gooi & Vechtstreek"})
	loc := b.propose("/programma/"+prog2+"/eigenaren", f)
	mustContain(t, b.get(loc).body, "eigenaren: ggd, sociaal-plein erbij", "Taken erbij: 0 · verschoven: 0 · gewijzigd: 0 · vervallen: 0 ·")
	confirmProposal(t, b, loc)
	file := e.workflowFile()
	mustContain(t, file, "  ggd: {name: GGD Gooi & Vechtstreek}\n", "  sociaal-plein: {name: Sociaal Plein Hilversum}\n")
	// The new owner can be given to a rhythm right away.
	mustContain(t, b.get("/acties/9e/wijzigen").body, "sociaal-plein")
}

func TestEditPartsPagesInEnglish(t *testing.T) {
	e := setupEditable(t, english())
	b := e.signedIn(coordKey, coordPass)
	mustContain(t, b.get("/acties/9g/wijzigen").body, "<legend>Add a contract</legend>", "<legend>Add an indicator</legend>", "<legend>Add a rhythm</legend>")
	mustContain(t, b.get("/acties/9e/wijzigen").body, "Remove rhythm Afstemmingsmoment wachtlijst met het Sociaal Plein, Hilversum")
	mustContain(t, b.get("/doelen/1/wijzigen").body, `<html lang="en">`, "Change doel 1", "Title of the doel")
	mustContain(t, b.get("/programma/"+prog2+"/eigenaren").body, "Owners of Uitvoeringsprogramma", "Add an owner", "Remove ggd")
}
