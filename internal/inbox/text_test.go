package inbox

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/actionstatus"
)

func TestStatusWords(t *testing.T) {
	for _, tc := range []struct {
		phrase string
		want   actionstatus.Status // "" means none
	}{
		{"op schema", actionstatus.OnTrack},
		{"Op Schema", actionstatus.OnTrack},
		{"loopt", actionstatus.OnTrack},
		{"op koers", actionstatus.OnTrack},
		{"OP  KOERS", actionstatus.OnTrack},
		{"vertraagd", actionstatus.Delayed},
		{"vertraging", actionstatus.Delayed},
		{"loopt achter", actionstatus.Delayed},
		{"Loopt achter door ziekte", actionstatus.Delayed},
		{"het loopt, maar met vertraging", actionstatus.Delayed},
		{"niet op schema", actionstatus.Delayed},
		{"achter op schema", actionstatus.Delayed},
		{"gereed", actionstatus.Done},
		{"Klaar!", actionstatus.Done},
		{"afgerond", actionstatus.Done},
		{"gerealiseerd", actionstatus.Done},
		{"niet gestart", actionstatus.NotStarted},
		{"nog niet gestart", actionstatus.NotStarted},
		{"vervallen", actionstatus.Cancelled},
		{"gestopt", actionstatus.Cancelled},
		{"niet gereed, wel bijna", ""},
		{"geen vertraging, op schema", actionstatus.OnTrack},
		{"gereedschap besteld", ""},
		{"lopende zaken", ""},
		{"prima", ""},
	} {
		t.Run(tc.phrase, func(t *testing.T) {
			got, _, _, ok := findStatus(tc.phrase)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("findStatus(%q) = %q, %v; want %q", tc.phrase, got, ok, tc.want)
			}
		})
	}
}

func TestSplitItems(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []Item
	}{
		{"bracketed reference, status on its line, toelichting below",
			"[15a] gereed\nTraining gegeven.",
			[]Item{{Ref: "15a", Status: actionstatus.Done, Text: "Training gegeven."}}},
		{"spaces inside brackets and uppercase letter",
			"[ 15A ] vertraagd",
			[]Item{{Ref: "15a", Status: actionstatus.Delayed}}},
		{"15a: and 15b. at line start",
			"15a: op schema\n15b. niet gestart\nWacht op budget.",
			[]Item{{Ref: "15a", Status: actionstatus.OnTrack}, {Ref: "15b", Status: actionstatus.NotStarted, Text: "Wacht op budget."}}},
		{"sub-action reference",
			"[1g2] afgerond",
			[]Item{{Ref: "1g2", Status: actionstatus.Done}}},
		{"status with explanation on the same line",
			"[2a] gereed, de training is op 3 november gegeven",
			[]Item{{Ref: "2a", Status: actionstatus.Done, Text: "de training is op 3 november gegeven"}}},
		{"status inside a sentence keeps the sentence",
			"[2a] Door ziekte vertraagd.\nNieuwe datum volgt.",
			[]Item{{Ref: "2a", Status: actionstatus.Delayed, Text: "Door ziekte vertraagd.\nNieuwe datum volgt."}}},
		{"status label",
			"[2a] Status: op koers",
			[]Item{{Ref: "2a", Status: actionstatus.OnTrack}}},
		{"copied title ending in the status is dropped",
			"[2a] Trainingen wijkteams: gereed\nAlle vier gegeven.",
			[]Item{{Ref: "2a", Status: actionstatus.Done, Text: "Alle vier gegeven."}}},
		{"copied title, status on the next line",
			"[2a] Trainingen wijkteams\nVertraagd: de trainer is ziek.",
			[]Item{{Ref: "2a", Status: actionstatus.Delayed, Text: "Trainingen wijkteams\nde trainer is ziek."}}},
		{"reference alone on its line, status below",
			"[2a]\ngereed\nKlaar in oktober.",
			[]Item{{Ref: "2a", Status: actionstatus.Done, Text: "Klaar in oktober."}}},
		{"no status word",
			"[2a] Dat weet ik nog niet precies.",
			[]Item{{Ref: "2a", Text: "Dat weet ik nog niet precies."}}},
		{"two answers on one line",
			"[3a] gereed [3b] vertraagd",
			[]Item{{Ref: "3a", Status: actionstatus.Done}, {Ref: "3b", Status: actionstatus.Delayed}}},
		{"a reference inside the toelichting does not split",
			"[3a] vertraagd\nHangt samen met [3b] en wacht daarop.",
			[]Item{{Ref: "3a", Status: actionstatus.Delayed, Text: "Hangt samen met [3b] en wacht daarop."}}},
		{"preamble before the first reference is not an item",
			"Hoi, hier mijn update.\n\n[4a] op schema",
			[]Item{{Ref: "4a", Status: actionstatus.OnTrack}}},
		{"no references: one item, salutation skipped",
			"Beste Eva,\n\nLoopt achter, de locatie is nog niet rond.\nVolgende maand meer.",
			[]Item{{Status: actionstatus.Delayed, Text: "de locatie is nog niet rond.\nVolgende maand meer."}}},
		{"no references, salutation and status on one line",
			"Beste Jan, het loopt achter.",
			[]Item{{Status: actionstatus.Delayed, Text: "Beste Jan, het loopt achter."}}},
		{"no references and no status",
			"Ik bel je morgen even.",
			[]Item{{Text: "Ik bel je morgen even."}}},
		{"bullet before the reference",
			"- [5a] klaar\n- [5b] gestopt",
			[]Item{{Ref: "5a", Status: actionstatus.Done}, {Ref: "5b", Status: actionstatus.Cancelled}}},
		{"the same reference twice is one answer",
			"[6a] vertraagd\nEerste deel.\n[6a]\nTweede deel.",
			[]Item{{Ref: "6a", Status: actionstatus.Delayed, Text: "Eerste deel.\n\nTweede deel."}}},
		{"a year is no reference",
			"2026. was een goed jaar\n1e kwartaal klaar",
			[]Item{{Text: "2026. was een goed jaar\n1e kwartaal klaar"}}},
		{"empty reply", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := splitItems(tc.text)
			if len(got) != len(tc.want) {
				t.Fatalf("splitItems(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("item %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestStripQuotes(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"> quotes dropped, inline answer kept",
			"[1a] gereed\n> [1a] Actie één\n> [1b] Actie twee\n[1b] vertraagd",
			"[1a] gereed\n[1b] vertraagd"},
		{"Outlook Dutch header block",
			"[1a] gereed\n\nVan: Voortgang <v@x.nl>\nVerzonden: dinsdag 24 november 2026 10:12\nAan: Jan <j@x.nl>\nOnderwerp: Uitvraag\n\nBeste Jan,",
			"[1a] gereed"},
		{"Outlook English header block",
			"[1a] done? gereed\nFrom: Voortgang <v@x.nl>\nSent: Tuesday, November 24, 2026 10:12 AM\nTo: Jan <j@x.nl>\nSubject: Uitvraag\nBeste Jan,",
			"[1a] done? gereed"},
		{"bold header block from a converted HTML part",
			"[1a] gereed\n*Van:* Voortgang\n*Verzonden:* dinsdag\n*Aan:* Jan",
			"[1a] gereed"},
		{"Oorspronkelijk bericht",
			"[1a] gereed\n-----Oorspronkelijk bericht-----\nVan: v@x.nl\nBeste Jan,",
			"[1a] gereed"},
		{"Original Message",
			"[1a] gereed\n-----Original Message-----\nFrom: v@x.nl",
			"[1a] gereed"},
		{"OWA underscore rule above the header block",
			"[1a] gereed\n________________________________\nVan: Voortgang <v@x.nl>\nVerzonden: dinsdag\nAan: Jan\nOnderwerp: x",
			"[1a] gereed"},
		{"Gmail Dutch attribution on one line",
			"[1a] gereed\n\nOp di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\n\n> Beste Jan,",
			"[1a] gereed"},
		{"Gmail attribution wrapped over two lines",
			"[1a] gereed\n\nOp di 24 nov. 2026 om 10:12 schreef Voortgang Regio Gooi en Vechtstreek <\nvoortgang+abc@regio.example.org>:\n\n> Beste Jan,",
			"[1a] gereed"},
		{"Gmail English attribution",
			"[1a] gereed\n\nOn Tue, Nov 24, 2026 at 10:12 AM Voortgang <v@x.nl> wrote:\n> Hi",
			"[1a] gereed"},
		{"Apple Mail attribution",
			"[1a] gereed\n\nOp 24 nov. 2026 om 10:12 heeft Voortgang <v@x.nl> het volgende geschreven:\n\n> Beste Jan,",
			"[1a] gereed"},
		{"attribution without quotes below cuts everything after",
			"[1a] gereed\nOn Tue, Nov 24, 2026 at 10:12 AM Voortgang <v@x.nl> wrote:\nBeste Jan,\n[1a] Actie",
			"[1a] gereed"},
		{"bottom-posted answer below the quote survives",
			"Op di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\n> [1a] Actie één\n\n[1a] gereed",
			"[1a] gereed"},
		{"a sentence that looks like an attribution stays",
			"Op 3 november schreef de wethouder een brief:\nwe gaan door.",
			"Op 3 november schreef de wethouder een brief:\nwe gaan door."},
		{"signature delimiter",
			"[1a] gereed\n-- \nJan Jansen\nGemeente Hilversum",
			"[1a] gereed"},
		{"closing greeting and what follows",
			"[1a] gereed\nAlles geregeld.\n\nMet vriendelijke groet,\n\nJan Jansen\nBeleidsadviseur",
			"[1a] gereed\nAlles geregeld."},
		{"short closing with a name",
			"[1a] gereed\nGroet, Jan",
			"[1a] gereed"},
		{"mobile signature",
			"[1a] gereed\n\nVerzonden vanaf mijn iPhone",
			"[1a] gereed"},
		{"attribution followed by unquoted text: the answer above stays",
			"Op schema, de trainingen lopen.\nOp di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\nBeste Jan,\n[1a] Actie",
			"Op schema, de trainingen lopen."},
		{"an answer line starting with Op above a Gmail attribution is not part of it",
			"Op schema\nOp di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\n> Beste Jan,",
			"Op schema"},
		{"On track above an English attribution",
			"On track, no news\nOn Tue, Nov 24, 2026 at 10:12 AM Voortgang <v@x.nl> wrote:\nDear Jan,",
			"On track, no news"},
		{"attribution wrapped over three lines",
			"[1a] gereed\n\nOp di 24 nov. 2026 om 10:12 schreef Voortgang Regio Gooi en Vechtstreek\n<voortgang+abc@regio.example.org<mailto:voortgang+abc@regio.example.org>>\nhet volgende:\n\nBeste Jan,\n[1a] Actie",
			"[1a] gereed"},
		{"attribution with the address alone on the middle line",
			"[1a] gereed\n\nOn Tue, Nov 24, 2026 at 10:12 AM Voortgang Regio <\nvoortgang@regio.example.org\n> wrote:\n\nDear Jan,",
			"[1a] gereed"},
		{"ISO-date attribution (older Gmail)",
			"[1a] gereed\n\n2026-10-24 15:36 GMT+02:00 Voortgang Regio <voortgang@regio.example.org>:\n\nBeste Jan,\n[1a] Actie",
			"[1a] gereed"},
		{"name and address first, schreef op",
			"[1a] gereed\nVoortgang Regio <voortgang@regio.example.org> schreef op 24 november 2026 10:12:\nBeste Jan,",
			"[1a] gereed"},
		{"name and address, wrote without a date",
			"[1a] gereed\n\nVoortgang <v@x.nl> wrote:\n\nDear Jan,",
			"[1a] gereed"},
		{"Thunderbird name schreef op, quoted",
			"[1a] gereed\n\nVoortgang Regio schreef op 24-11-2026 om 10:12:\n> Beste Jan,",
			"[1a] gereed"},
		{"bare name wrote: without quotes is a sentence",
			"[1a] gereed\nDe wethouder schreef:\nwe gaan door.",
			"[1a] gereed\nDe wethouder schreef:\nwe gaan door."},
		{"Oorspronkelijk bericht with eight dashes",
			"[1a] gereed\n\n-------- Oorspronkelijk bericht --------\nVan: v@x.nl\nDatum: 24-11-2026 10:12\nBeste Jan,",
			"[1a] gereed"},
		{"Original Message in bold",
			"[1a] gereed\n*-------- Original Message --------*\n*From:* v@x.nl",
			"[1a] gereed"},
		{"Reply Message",
			"[1a] gereed\n----- Reply Message -----\nFrom: v@x.nl\nBeste Jan",
			"[1a] gereed"},
		{"dashes line above an Outlook header block goes too",
			"[1a] gereed\n\n-----------------------------------------\nVan: Voortgang <v@x.nl>\nVerzonden: dinsdag 24 november 2026 10:12\nAan: Jan\nOnderwerp: x",
			"[1a] gereed"},
		{"a dashes line in the answer stays",
			"[1a] gereed\n---\n[1b] vertraagd",
			"[1a] gereed\n---\n[1b] vertraagd"},
		{"Gmail forward: the forwarder's text is the answer",
			"[4a] gereed, zie hieronder.\n\n---------- Forwarded message ---------\nFrom: Voortgang <v@x.nl>\nDate: Tue, Nov 24, 2026 at 10:12 AM\nSubject: Uitvraag\nTo: <j@x.nl>",
			"[4a] gereed, zie hieronder."},
		{"Apple forward",
			"[4a] gereed\n\nBegin doorgestuurd bericht:\n\n> Van: Voortgang <v@x.nl>",
			"[4a] gereed"},
		{"Sent from my … in a sentence is an answer",
			"[1a] op schema\nSent from my desk, is much easier than from the train.\nThe rest follows in January.",
			"[1a] op schema\nSent from my desk, is much easier than from the train.\nThe rest follows in January."},
		{"Verzonden vanaf mijn iPhone not at the end is an answer",
			"[1a] gereed\nVerzonden vanaf mijn werkplek\nen daarna besproken in het MT.",
			"[1a] gereed\nVerzonden vanaf mijn werkplek\nen daarna besproken in het MT."},
		{"BlackBerry Work signature with its link, above the header block",
			"[1a] gereed\n\nSent with BlackBerry Work\n(www.blackberry.com)\n\nFrom: Voortgang <v@x.nl>\nDate: Tuesday, 24 Nov 2026, 10:12\nTo: Jan\nSubject: x",
			"[1a] gereed"},
		{"Outlook for Android above the underscores",
			"[1a] gereed\n\nOutlook voor Android downloaden<https://aka.ms/AAb9ysg>\n________________________________\nVan: Voortgang <v@x.nl>\nVerzonden: dinsdag\nAan: Jan\nOnderwerp: x",
			"[1a] gereed"},
		{"Get Outlook for iOS",
			"[1a] gereed\n\nGet Outlook for iOS<https://aka.ms/o0ukef>",
			"[1a] gereed"},
		{"disclaimer block",
			"[1a] gereed\nToelichting.\n\nDisclaimer:\nDit bericht is uitsluitend bestemd voor de geadresseerde.",
			"[1a] gereed\nToelichting."},
		{"disclaimer sentence without a heading",
			"[1a] gereed\n\nDit e-mailbericht is uitsluitend bestemd voor de geadresseerde(n). Aan dit bericht kunnen geen rechten worden ontleend.",
			"[1a] gereed"},
		{"English confidentiality footer",
			"[1a] gereed\n\nThis e-mail and any attachments are confidential and intended solely for the addressee.",
			"[1a] gereed"},
		{"an answer about a disclaimer stays",
			"[1a] gereed\nDe disclaimer op de website is aangepast.",
			"[1a] gereed\nDe disclaimer op de website is aangepast."},
		{"Mailman footer",
			"[1a] gereed\n_______________________________________________\nRegio-beleid mailing list\nregio-beleid@lists.example.org\nhttps://lists.example.org/mailman/listinfo/regio-beleid",
			"[1a] gereed"},
		{"Google Groups footer after the delimiter",
			"[1a] gereed\n\n-- \nYou received this message because you are subscribed to the Google Groups \"regio\" group.",
			"[1a] gereed"},
		{"blank runs folded, Outlook's space-only lines are blank",
			"[1a] gereed\n \n \n\nToelichting.\n",
			"[1a] gereed\n\nToelichting."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := stripQuotes(tc.in); got != tc.want {
				t.Errorf("stripQuotes:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestHTMLToText(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"Outlook desktop border-top divider",
			`<p class=MsoNormal>[1a] gereed<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p><p class=MsoNormal>Toelichting<o:p></o:p></p>` +
				`<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>Van:</b> v@x.nl</p></div>`,
			"[1a] gereed\n\nToelichting"},
		{"Outlook on the web divider",
			`<div>[1a] gereed</div><div id="appendonsend"></div><hr tabindex="-1"><div id="divRplyFwdMsg"><b>Van:</b> v</div>`,
			"[1a] gereed"},
		{"divRplyFwdMsg without hr",
			`<div>[1a] klaar</div><div id="divRplyFwdMsg"><b>From:</b> v</div>`,
			"[1a] klaar"},
		{"Gmail quote",
			`<div dir="ltr">[1a] gereed</div><br><div class="gmail_quote"><div class="gmail_attr">Op di 24 nov. 2026 schreef v:</div><blockquote>oud</blockquote></div>`,
			"[1a] gereed"},
		{"blockquote becomes > lines",
			`<div>[1a] gereed</div><blockquote type="cite"><div>oud</div><div>ouder</div></blockquote><div>na</div>`,
			"[1a] gereed\n> oud\n> ouder\nna"},
		{"style, head and script skipped, entities decoded, br breaks",
			`<html><head><title>t</title><style>p{color:red}</style></head><body><script>x()</script>caf&eacute; &amp; &#8364;<br>regel 2</body></html>`,
			"café & €\nregel 2"},
		{"whitespace collapsed, lists dashed",
			"<p>een\n   twee</p><ul><li>a</li><li>b</li></ul>",
			"een twee\n- a\n- b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlToText(tc.in); got != tc.want {
				t.Errorf("htmlToText:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAwayUntil(t *testing.T) {
	sent := time.Date(2026, 11, 24, 10, 12, 0, 0, time.UTC)
	for _, tc := range []struct {
		text string
		sent time.Time
		want string
	}{
		{"Ik ben afwezig tot en met 5 januari.", sent, "2027-01-05"},
		{"Ik ben afwezig t/m vrijdag 8 jan. en lees geen mail.", sent, "2027-01-08"},
		{"Ik ben tot 5 januari 2027 niet bereikbaar.", sent, "2027-01-05"},
		{"Ik ben vanaf 12-1-2027 weer aanwezig.", sent, "2027-01-11"},
		{"Vanaf maandag 11 januari ben ik weer op kantoor.", sent, "2027-01-10"},
		{"Op 1 december ben ik terug.", sent, "2026-11-30"},
		{"Afwezig van 20 december tot en met 3 januari.", time.Date(2026, 12, 18, 9, 0, 0, 0, time.UTC), "2027-01-03"},
		{"Ik ben met verlof tot en met 4 mrt.", sent, "2027-03-04"},
		{"Afwezig t/m 27 november", sent, "2026-11-27"},
		{"Ik was afwezig tot 20 november.", sent, "2026-11-20"}, // stale text keeps its year
		{"I will be back on January 5th.", sent, "2027-01-04"},
		{"I am out of the office until 5 January.", sent, "2027-01-05"},
		{"Out until Monday, January 11, 2027, returning Tuesday January 12.", sent, "2027-01-11"},
		{"I'm away until the 5th of January.", sent, "2027-01-05"},
		{"Returning on 2027-01-06.", sent, "2027-01-05"},
		{"Afwezig tot en met 5 januari", time.Time{}, ""}, // no year and no Date header
		{"Afwezig tot en met 5 januari 2027", time.Time{}, "2027-01-05"},
		{"Ik ben afwezig vanaf 20 december.", sent, ""},
		{"Ik ben er niet, bel 035 629 2000 om 10:12.", sent, ""},
		{"Afwezig tot en met 31 november.", sent, ""},
		{"Ik ben afwezig tot en met 31 juli.", time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC), "2026-07-31"},
		{"I am on holiday July 10-31 and will not read my mail.", time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC), "2026-07-31"},
		{"Ik ben met vakantie van 10-31 juli.", time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC), "2026-07-31"},
		{"Afwezig 10 t/m 31 juli 2026.", time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC), "2026-07-31"},
		{"Away July 10th to 31st.", time.Date(2026, 7, 13, 8, 0, 0, 0, time.UTC), "2026-07-31"},
		{"Ik ben vanaf maandag 3 augustus weer aanwezig.", time.Date(2026, 7, 20, 7, 30, 0, 0, time.UTC), "2026-08-02"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := awayUntil(tc.text, tc.sent); got != tc.want {
				t.Errorf("awayUntil(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestFailedRecipient(t *testing.T) {
	for _, tc := range []struct{ name, ds, want string }{
		{"Original-Recipient preferred, lowercased",
			"Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; fwd@elders.nl\nOriginal-Recipient: rfc822;Jan@Hilversum.nl\nAction: failed\n", "jan@hilversum.nl"},
		{"Final-Recipient alone, angle brackets",
			"Reporting-MTA: dns; mx\r\n\r\nFinal-Recipient: RFC822; <p@weesp.nl>\r\nAction: failed\r\n", "p@weesp.nl"},
		{"the failed one among several",
			"Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; ok@x.nl\nAction: delivered\n\nFinal-Recipient: rfc822; kapot@x.nl\nAction: failed\n", "kapot@x.nl"},
		{"delayed only: the first recipient",
			"Final-Recipient: rfc822; traag@x.nl\nAction: delayed\n", "traag@x.nl"},
		{"no recipient", "Reporting-MTA: dns; mx\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := failedRecipient(tc.ds); got != tc.want {
				t.Errorf("failedRecipient = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDecodeQPIsLenient(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"caf=E9", "caf\xe9"},
		{"soft=\r\nbreak", "softbreak"},
		{"soft= \nbreak", "softbreak"},
		{"stray =ZZ and = end=", "stray =ZZ and = end"},
		{"raw \xeb byte", "raw \xeb byte"},
		{"lower =e9", "lower \xe9"},
	} {
		if got := string(decodeQP([]byte(tc.in))); got != tc.want {
			t.Errorf("decodeQP(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzParse feeds mutations of the testdata messages to parse (without the
// recover safety net of Parse) and asserts it never panics.
func FuzzParse(f *testing.F) {
	for _, file := range testdataMessages(f) {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("From: a@b.nl\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := parse(raw)
		if err != nil {
			return
		}
		if r.Kind == "" {
			t.Fatal("parsed reply without kind")
		}
		if _, err := r.JSON(); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(r.Text, "\r") {
			t.Fatal("carriage return left in Text")
		}
	})
}

// ownerLines are lines an owner may write above the quote, chosen to look
// like the markers stripQuotes cuts at without being one.
var ownerLines = []string{
	"[15a] op schema",
	"[15b] vertraagd: de werving loopt nog.",
	"Op schema.",
	"Op schema, de trainingen lopen",
	"On track, nothing new",
	"Op 3 november schreef de wethouder een brief:",
	"Sent from my desk, is much easier than from the train.",
	"Verzonden vanaf mijn werkplek en daarna besproken in het MT.",
	"De disclaimer op de website is aangepast.",
	"Van de drie trainingen zijn er twee gegeven.",
	"Aan: de wijkteams is het draaiboek gestuurd.",
	"Datum van de volgende stuurgroep: 14 januari.",
	"---",
	"Het convenant is op 18 november 2026 om 10:00 getekend.",
	"Jan schreef het plan; Piet rekende.",
	"On Monday the team meets at 10:30.",
	"Original message from the minister is attached.",
	"Doorgestuurd bericht volgt apart.",
	"Gereed. Zie bijlage (www.example.org).",
	"Dit bericht is bestemd voor de stuurgroep.",
	"This email is intended to update you on 5a.",
	"Disclaimer: de cijfers zijn voorlopig.",
	"Get well soon to Piet, he is back on Monday.",
}

// quoteBlocks are the quoted histories real clients append, one per client.
var quoteBlocks = []string{
	"Van: Voortgang <v@x.nl>\nVerzonden: dinsdag 24 november 2026 10:12\nAan: Jan <j@x.nl>\nOnderwerp: Uitvraag\n\nBeste Jan,\n[15a] Actie",
	"________________________________\nFrom: Voortgang <v@x.nl>\nSent: Tuesday, November 24, 2026 10:12 AM\nTo: Jan\nSubject: Uitvraag\n\n[15a] Actie",
	"-----Oorspronkelijk bericht-----\nVan: v@x.nl\n[15a] Actie",
	"-------- Original Message --------\nFrom: v@x.nl\n[15a] Actie",
	"Op di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\n\n> Beste Jan,\n> [15a] Actie",
	"Op di 24 nov. 2026 om 10:12 schreef Voortgang Regio Gooi en Vechtstreek <\nvoortgang+abc@regio.example.org>:\n\n> [15a] Actie",
	"On Tue, Nov 24, 2026 at 10:12 AM Voortgang <v@x.nl> wrote:\nDear Jan,\n[15a] Actie",
	"2026-10-24 15:36 GMT+02:00 Voortgang <v@x.nl>:\n\n> [15a] Actie",
	"Op 24 nov. 2026 om 10:12 heeft Voortgang <v@x.nl> het volgende geschreven:\n\n> [15a] Actie",
	"Voortgang Regio schreef op 24-11-2026 om 10:12:\n> [15a] Actie",
	"Verzonden vanaf mijn iPhone\n\nBegin doorgestuurd bericht:\n\n> Van: Voortgang <v@x.nl>\n> [15a] Actie",
	"Sent with BlackBerry Work\n(www.blackberry.com)\n\nFrom: Voortgang <v@x.nl>\nDate: Tuesday, 24 Nov 2026, 10:12\nTo: Jan\nSubject: x\n[15a] Actie",
	"---------- Doorgestuurd bericht ---------\nVan: Voortgang <v@x.nl>\nDate: di 24 nov. 2026 om 10:12\n[15a] Actie",
	"-- \nJan Jansen\nGemeente Hilversum",
	"Disclaimer:\nDit bericht is uitsluitend bestemd voor de geadresseerde.",
}

// TestParseKeepsEveryOwnerLine is the property that matters most: whatever
// the owner writes above the quote, in whatever line-ending style, no line
// of it is lost. Seeded, so a failure reproduces.
func TestParseKeepsEveryOwnerLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2026))
	cases := 3000
	if testing.Short() {
		cases = 300
	}
	for n := 0; n < cases; n++ {
		var owner []string
		for k := 1 + rng.IntN(5); k > 0; k-- {
			owner = append(owner, ownerLines[rng.IntN(len(ownerLines))])
			if rng.IntN(3) == 0 {
				owner = append(owner, "")
			}
		}
		quote := quoteBlocks[rng.IntN(len(quoteBlocks))]
		body := strings.Join(owner, "\n") + "\n\n" + quote + "\n"
		eol := []string{"\r\n", "\n", "\r"}[rng.IntN(3)]
		lead := strings.Repeat(eol, rng.IntN(2))
		raw := lead + "From: jan@x.nl" + eol + "To: voortgang+Tok12345@x.nl" + eol + "Subject: RE: Uitvraag" + eol + eol +
			strings.ReplaceAll(body, "\n", eol)
		r, err := Parse([]byte(raw))
		if err != nil {
			t.Fatalf("Parse(%q): %v", raw, err)
		}
		got := map[string]bool{}
		for _, l := range strings.Split(r.Text, "\n") {
			got[l] = true
		}
		for _, l := range owner {
			if l != "" && !got[l] {
				t.Fatalf("owner line %q dropped\ninput:\n%s\nText:\n%s", l, body, r.Text)
			}
		}
		if strings.Contains(r.Text, "[15a] Actie") || strings.Contains(r.Text, "v@x.nl") {
			t.Fatalf("quote leaked\ninput:\n%s\nText:\n%s", body, r.Text)
		}
	}
}
