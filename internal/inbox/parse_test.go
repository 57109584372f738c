package inbox

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-message/textproto"
	"github.com/regiogv/voortgang/internal/actionstatus"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

func testdataMessages(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.eml")
	}
	return files
}

// TestParseGolden compares Parse of every testdata/X.eml with
// testdata/X.golden.json. Run with -update to rewrite the golden files,
// then read the diff.
func TestParseGolden(t *testing.T) {
	for _, file := range testdataMessages(t) {
		name := strings.TrimSuffix(filepath.Base(file), ".eml")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(raw, []byte("\r\n")) && !strings.HasPrefix(name, "cr_only") {
				t.Fatalf("%s has no CRLF line endings; real mail does", file)
			}
			r, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			got, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Parse(%s) differs from %s:\n--- got\n%s\n--- want\n%s", file, golden, got, want)
			}
		})
	}
}

func parseFile(t *testing.T, name string) Reply {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name+".eml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return r
}

// The golden files pin everything; these spell out the properties that
// matter most, so a careless -update cannot bless a regression.
func TestParseMessages(t *testing.T) {
	t.Run("Outlook NL: token, lowercased From, two actions, no signature or history", func(t *testing.T) {
		r := parseFile(t, "outlook_nl")
		if r.Token != "k7Qx2p9RbT" || r.From != "j.jansen@hilversum.nl" || r.Kind != KindReply {
			t.Fatalf("token/from/kind = %q/%q/%q", r.Token, r.From, r.Kind)
		}
		if r.InReplyTo != "uitvraag.20261124.k7Qx2p9RbT@regio.example.org" {
			t.Errorf("InReplyTo = %q", r.InReplyTo)
		}
		wantItems(t, r, []Item{
			{Ref: "15a", Status: actionstatus.OnTrack, Text: "De eerste twee trainingen zijn gegeven, de derde staat op 10 december."},
			{Ref: "15b", Status: actionstatus.Delayed, Text: "De werving van de aandachtsfunctionaris loopt nog; verwachting februari 2027."},
		})
		for _, gone := range []string{"Jansen", "Verzonden", "Beste Jan", "groet"} {
			if strings.Contains(r.Text, gone) {
				t.Errorf("Text still holds %q:\n%s", gone, r.Text)
			}
		}
	})
	t.Run("Outlook on the web HTML only: cut at the reply divider", func(t *testing.T) {
		r := parseFile(t, "owa_html")
		wantItems(t, r, []Item{{Ref: "7c", Status: actionstatus.Done,
			Text: `De werkinstructie "acute onveiligheid" is vastgesteld in het MT van 19 november en staat op intranet.`}})
	})
	t.Run("Gmail without reference: one item, loopt achter is vertraagd", func(t *testing.T) {
		r := parseFile(t, "gmail_nl")
		if len(r.Items) != 1 || r.Items[0].Ref != "" || r.Items[0].Status != actionstatus.Delayed {
			t.Fatalf("items = %+v", r.Items)
		}
		if strings.Contains(r.Text, "Op di 24 nov") || strings.Contains(r.Text, "Crisisopvang") {
			t.Errorf("quote left in Text:\n%s", r.Text)
		}
	})
	t.Run("windows-1252 with a broken quoted-printable sequence keeps every line", func(t *testing.T) {
		r := parseFile(t, "windows1252_qp")
		for _, want := range []string{"coördinatie", "café", "€ 1.500", "beëindigen", "Ideeën welkom = altijd, =ZZ blijft staan."} {
			if !strings.Contains(r.Text, want) {
				t.Errorf("Text lacks %q:\n%s", want, r.Text)
			}
		}
		if r.Subject != "RE: Uitvraag voortgang – coördinatie [vg:Vb7Nm4Xc2Q]" {
			t.Errorf("Subject = %q", r.Subject)
		}
	})
	t.Run("iso-8859-1 base64", func(t *testing.T) {
		r := parseFile(t, "latin1_base64")
		if !strings.Contains(r.Text, "één meldpunt") || !strings.Contains(r.Text, "Naïef") {
			t.Errorf("Text = %q", r.Text)
		}
		wantStatuses(t, r, actionstatus.Done, actionstatus.OnTrack)
	})
	t.Run("Exchange out-of-office NL: auto-reply away until the Friday", func(t *testing.T) {
		r := parseFile(t, "oof_nl")
		if r.Kind != KindAutoReply || r.AwayUntil != "2027-01-08" || len(r.Items) != 0 {
			t.Errorf("kind %q, away until %q, items %v", r.Kind, r.AwayUntil, r.Items)
		}
	})
	t.Run("English vacation reply: back on January 5th means away until the 4th", func(t *testing.T) {
		r := parseFile(t, "autoreply_en")
		if r.Kind != KindAutoReply || r.AwayUntil != "2027-01-04" {
			t.Errorf("kind %q, away until %q", r.Kind, r.AwayUntil)
		}
	})
	t.Run("DSN bounce: failed recipient, original Message-ID and token from the returned headers", func(t *testing.T) {
		r := parseFile(t, "bounce_dsn")
		if r.Kind != KindBounce || r.FailedRecipient != "p.pietersen@weesp.nl" ||
			r.InReplyTo != "uitvraag.20261124.Ui4Op7As1D@regio.example.org" || r.Token != "Ui4Op7As1D" {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("forged sender parses: From is what the header says, checking it is the caller's job", func(t *testing.T) {
		r := parseFile(t, "forged_sender")
		if r.From != "j.jansen@hilversum.nl" || r.Kind != KindReply {
			t.Errorf("from %q kind %q", r.From, r.Kind)
		}
		wantStatuses(t, r, actionstatus.Cancelled, actionstatus.Cancelled)
	})
	t.Run("reply without token", func(t *testing.T) {
		r := parseFile(t, "no_token")
		if r.Token != "" || r.InReplyTo != "" {
			t.Errorf("token %q in-reply-to %q", r.Token, r.InReplyTo)
		}
		wantItems(t, r, []Item{{Ref: "5e", Status: actionstatus.Done, Text: "De folder is gedrukt en verspreid via de huisartsen."}})
	})
	t.Run("attachments listed with their bytes, inline logo marked", func(t *testing.T) {
		r := parseFile(t, "attachment")
		if len(r.Attachments) != 2 {
			t.Fatalf("attachments = %+v", r.Attachments)
		}
		logo, pdf := r.Attachments[0], r.Attachments[1]
		if logo.Filename != "image001.png" || !logo.Inline || logo.ContentType != "image/png" {
			t.Errorf("logo = %+v", logo)
		}
		if pdf.Filename != "Rapportage Q3 – Veilig Thuis.pdf" || pdf.Inline || !bytes.HasPrefix(pdf.Data, []byte("%PDF-1.4")) || pdf.Size != len(pdf.Data) {
			t.Errorf("pdf = %+v", pdf)
		}
		wantStatuses(t, r, actionstatus.Done)
	})
	t.Run("three actions with mixed status words in format=flowed", func(t *testing.T) {
		r := parseFile(t, "multi_action")
		wantItems(t, r, []Item{
			{Ref: "15a", Status: actionstatus.OnTrack, Text: "De trainingen voor de wijkteams zijn ingepland, twee van de vier zijn al gegeven."},
			{Ref: "15b", Status: actionstatus.Delayed, Text: "De aandachtsfunctionaris start pas per 1 maart; de vacature stond lang open."},
			{Ref: "1g2", Status: actionstatus.Done, Text: "het convenant is op 18 november ondertekend door alle zeven gemeenten."},
		})
	})
	t.Run("signature after -- and Oorspronkelijk bericht removed", func(t *testing.T) {
		r := parseFile(t, "signature")
		if r.Text != "[3c] gereed\nHet convenant is getekend door alle partners." {
			t.Errorf("Text = %q", r.Text)
		}
	})
}

func wantItems(t *testing.T, r Reply, want []Item) {
	t.Helper()
	if len(r.Items) != len(want) {
		t.Fatalf("items = %+v, want %+v", r.Items, want)
	}
	for i := range want {
		if r.Items[i] != want[i] {
			t.Errorf("item %d = %+v\n          want %+v", i, r.Items[i], want[i])
		}
	}
}

func wantStatuses(t *testing.T, r Reply, want ...actionstatus.Status) {
	t.Helper()
	var got []actionstatus.Status
	for _, it := range r.Items {
		got = append(got, it.Status)
	}
	if len(got) != len(want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statuses = %v, want %v", got, want)
		}
	}
}

func TestParseRefusesOversizedMessages(t *testing.T) {
	raw := append([]byte("From: a@b.nl\r\nSubject: groot\r\n\r\n"), bytes.Repeat([]byte("x"), MaxMessageSize)...)
	if _, err := Parse(raw); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestParseErrors(t *testing.T) {
	for name, raw := range map[string]string{
		"empty input":               "",
		"no header at all":          "Dit is geen e-mail maar losse tekst.\r\n",
		"header line without colon": "From: a@b.nl\r\nkapotte regel\r\n\r\nbody",
		"continuation first":        " From: a@b.nl\r\n\r\nbody",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse([]byte(raw)); err == nil {
				t.Error("Parse accepted it")
			}
		})
	}
}

func TestParseKeepsLargeAttachmentListedWithoutData(t *testing.T) {
	big := bytes.Repeat([]byte("A"), MaxAttachmentSize+10)
	raw := "From: a@b.nl\r\nTo: voortgang+Tok123@x.nl\r\nSubject: bijlage\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain\r\n\r\n[1a] gereed\r\n" +
		"--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=groot.bin\r\n\r\n" +
		string(big) + "\r\n--b1--\r\n"
	r, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Attachments) != 1 || r.Attachments[0].Data != nil || r.Attachments[0].Size != len(big) {
		t.Fatalf("attachments = %+v", r.Attachments)
	}
}

func TestParseTruncatedMultipartKeepsText(t *testing.T) {
	raw := "From: a@b.nl\r\nSubject: Re: x [vg:Tok123]\r\nContent-Type: multipart/alternative; boundary=zz\r\n\r\n" +
		"--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n[2a] klaar\r\nAfgerond in november.\r\n"
	r, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	wantItems(t, r, []Item{{Ref: "2a", Status: actionstatus.Done, Text: "Afgerond in november."}})
	if r.Token != "Tok123" {
		t.Errorf("token from subject tag = %q", r.Token)
	}
}

func TestTokenSources(t *testing.T) {
	for _, tc := range []struct {
		name, header, want string
	}{
		{"plus-address in To", "To: Voortgang <voortgang+k7Qx2p9RbT@regio.example.org>\r\nSubject: Re: x\r\n", "k7Qx2p9RbT"},
		{"plus-address in Cc", "To: iemand@x.nl\r\nCc: voortgang+Cc12345@regio.example.org\r\nSubject: Re: x\r\n", "Cc12345"},
		{"Delivered-To when To is a list", "To: team@x.nl\r\nDelivered-To: voortgang+Dt98765@regio.example.org\r\nSubject: x\r\n", "Dt98765"},
		{"subject tag only", "To: voortgang@regio.example.org\r\nSubject: RE: Uitvraag [vg:Sub4567]\r\n", "Sub4567"},
		{"owner's own plus-address in Cc loses to the tagged one", "To: jan+werk@gmail.com\r\nCc: voortgang+Ab12Cd34@regio.example.org\r\nSubject: Re: [vg:Ab12Cd34]\r\n", "Ab12Cd34"},
		{"none", "To: voortgang@regio.example.org\r\nSubject: Vraag\r\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse([]byte("From: jan@x.nl\r\n" + tc.header + "\r\n[1a] gereed\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Token != tc.want {
				t.Errorf("token = %q, want %q", r.Token, tc.want)
			}
		})
	}
}

func TestAutoReplyDetection(t *testing.T) {
	for _, tc := range []struct {
		name, header string
		want         Kind
	}{
		{"Auto-Submitted auto-replied", "Auto-Submitted: auto-replied\r\nSubject: Re: x\r\n", KindAutoReply},
		{"Auto-Submitted no is a person", "Auto-Submitted: no\r\nSubject: Re: x\r\n", KindReply},
		{"X-Autoreply", "X-Autoreply: yes\r\nSubject: Re: x\r\n", KindAutoReply},
		{"X-Autorespond", "X-Autorespond: Re: x\r\nSubject: Re: x\r\n", KindAutoReply},
		{"Precedence auto_reply", "Precedence: auto_reply\r\nSubject: Re: x\r\n", KindAutoReply},
		{"Precedence junk", "Precedence: junk\r\nSubject: Re: x\r\n", KindAutoReply},
		{"Exchange OOF header", "X-Auto-Response-Suppress: All\r\nSubject: Re: x\r\n", KindAutoReply},
		{"subject Automatisch antwoord", "Subject: Automatisch antwoord: Uitvraag\r\n", KindAutoReply},
		{"subject Afwezig", "Subject: Afwezig: Uitvraag\r\n", KindAutoReply},
		{"subject Automatic reply", "Subject: Automatic reply: Uitvraag\r\n", KindAutoReply},
		{"subject Out of Office", "Subject: Out of Office: Uitvraag\r\n", KindAutoReply},
		{"an ordinary answer", "Subject: RE: Uitvraag [vg:abcd1234]\r\n", KindReply},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse([]byte("From: jan@x.nl\r\nTo: voortgang+abcd1234@x.nl\r\n" + tc.header + "\r\n[1a] gereed\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != tc.want {
				t.Errorf("kind = %q, want %q", r.Kind, tc.want)
			}
			if tc.want == KindAutoReply && len(r.Items) != 0 {
				t.Errorf("auto-reply has items %v", r.Items)
			}
		})
	}
}

// Clients send the same answer as plain text and as HTML; Parse reads the
// plain part, but both renderings must give the same items.
func TestHTMLAlternativeAgreesWithPlain(t *testing.T) {
	for _, name := range []string{"outlook_nl", "outlook_en", "gmail_nl", "gmail_en_wrapped", "apple_nl", "attachment", "oof_nl"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", name+".eml"))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := parseWith(raw, false)
			if err != nil {
				t.Fatal(err)
			}
			html, err := parseWith(raw, true)
			if err != nil {
				t.Fatal(err)
			}
			if name == "gmail_nl" && plain.Text == html.Text {
				t.Fatal("the HTML part has no hard line breaks, so the texts must differ: preferHTML is ignored")
			}
			if len(html.Items) != len(plain.Items) {
				t.Fatalf("html items %+v, plain items %+v", html.Items, plain.Items)
			}
			for i := range plain.Items {
				h, p := html.Items[i], plain.Items[i]
				if h.Ref != p.Ref || h.Status != p.Status || strings.Join(strings.Fields(h.Text), " ") != strings.Join(strings.Fields(p.Text), " ") {
					t.Errorf("item %d: html %+v, plain %+v", i, h, p)
				}
			}
			if html.AwayUntil != plain.AwayUntil || html.Kind != plain.Kind {
				t.Errorf("html: %q %q, plain: %q %q", html.Kind, html.AwayUntil, plain.Kind, plain.AwayUntil)
			}
		})
	}
}

// BenchmarkParse parses every testdata message once per iteration.
func BenchmarkParse(b *testing.B) {
	var msgs [][]byte
	for _, file := range testdataMessages(b) {
		raw, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, raw)
	}
	for b.Loop() {
		for _, raw := range msgs {
			if _, err := Parse(raw); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// A hostile message must not keep the poller busy: the heuristics read at
// most maxTextBytes of text, so a 9 MB body of answers parses quickly.
func TestParseHugeBodyIsBounded(t *testing.T) {
	raw := "From: a@b.nl\r\nSubject: x\r\n\r\n" + strings.Repeat("[1a] gereed x\r\n", 9<<20/15)
	r, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Text) > maxTextBytes {
		t.Errorf("Text is %d bytes, want at most %d", len(r.Text), maxTextBytes)
	}
	if len(r.Items) != 1 || r.Items[0].Ref != "1a" {
		t.Errorf("items = %d, first %+v", len(r.Items), r.Items[0])
	}
}

// TestParseClients pins the answer text of replies as each mail client
// writes them: the owner's words stay, the quoted request (whose action
// list would make phantom answers) goes.
func TestParseClients(t *testing.T) {
	for _, tc := range []struct {
		file, text string
		refs       []string
	}{
		{"gmail_en_wrapped", "On track, the last two trainings are planned for December.\n\n[9b] gereed\nThe leaflet went to print on 20 November.", []string{"9b"}},
		{"gmail_nl_iso", "Op schema.\nDe aanbesteding is gegund, de opdrachtnemer start in januari.", []string{""}},
		{"thunderbird_nl", "[3a] gereed\nDe bijeenkomst was op 12 november, met 40 deelnemers.\n\n[3b] niet gestart\nStart na de jaarwisseling.", []string{"3a", "3b"}},
		{"thunderbird_en", "[6a] vertraagd\nThe tender was published two weeks late.\n\nSent from my desk, is much easier than from the train: the rest follows\nin January.", []string{"6a"}},
		{"apple_forward_nl", "[4a] gereed\nMijn collega heeft het overgenomen; het draaiboek is klaar en verspreid.", []string{"4a"}},
		{"gmail_forward_en", "[8a] op schema\nForwarding my colleague's notes: both sessions are booked.", []string{"8a"}},
		{"outlook_android_nl", "[2a] loopt achter\nOp verzoek van de wethouder schuift de start naar maart.", []string{"2a"}},
		{"outlook_ios_en", "[5c] gereed\nThe pilot ended with a positive evaluation.", []string{"5c"}},
		{"blackberry_en", "[7a] op schema\n[7b] vervallen: merged with 7a by the steering group.", []string{"7a", "7b"}},
		{"blackberry_nl", "[10a] gereed\nHet convenant is door alle partijen ondertekend.", []string{"10a"}},
		{"outlook_nl_dashes_disclaimer", "[11a] vertraagd\nDe locatie is pas per 1 april beschikbaar.\n[11b] gereed", []string{"11a", "11b"}},
		{"owa_en_original_message", "[13a] op schema", []string{"13a"}},
		{"mailinglist_nl", "[14a] gereed\nVoorstel is aangenomen in de stuurgroep.", []string{"14a"}},
		{"apple_en", "On track: both information evenings took place in November.", []string{""}},
		{"leading_blank_lines", "[15a] gereed\nAfgerond in november.", []string{"15a"}},
		{"cr_only_mac", "[6a] vertraagd\nDe aanbesteding is twee weken later gepubliceerd.", []string{"6a"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := parseFile(t, tc.file)
			if r.Kind != KindReply || r.Token == "" {
				t.Errorf("kind %q token %q", r.Kind, r.Token)
			}
			if r.Text != tc.text {
				t.Errorf("Text:\n got %q\nwant %q", r.Text, tc.text)
			}
			var refs []string
			for _, it := range r.Items {
				refs = append(refs, it.Ref)
			}
			if strings.Join(refs, ",") != strings.Join(tc.refs, ",") {
				t.Errorf("items for %v, want %v (a quoted action makes a phantom answer)", refs, tc.refs)
			}
		})
	}
}

// Messages with bare CR line endings or blank lines before the header are
// read like any other, not refused.
func TestParseLineEndingsAndLeadingBlankLines(t *testing.T) {
	msg := "From: jan@x.nl\nTo: voortgang+Cr12345@x.nl\nSubject: RE: Uitvraag\n\n[1a] gereed\nAfgerond.\n\nOp di 24 nov. 2026 om 10:12 schreef Voortgang <v@x.nl>:\n> [1b] Actie\n"
	for name, raw := range map[string]string{
		"CR only":              strings.ReplaceAll(msg, "\n", "\r"),
		"LF only":              msg,
		"leading CRLF lines":   "\r\n\r\n" + strings.ReplaceAll(msg, "\n", "\r\n"),
		"leading CR-only line": "\r" + strings.ReplaceAll(msg, "\n", "\r"),
	} {
		t.Run(name, func(t *testing.T) {
			r, err := Parse([]byte(raw))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.From != "jan@x.nl" || r.Token != "Cr12345" || r.Subject != "RE: Uitvraag" {
				t.Errorf("from %q token %q subject %q", r.From, r.Token, r.Subject)
			}
			wantItems(t, r, []Item{{Ref: "1a", Status: actionstatus.Done, Text: "Afgerond."}})
		})
	}
}

// TestParseAutomaticMail pins how delivery reports and other machine mail
// are read: only a final failure is a bounce, a delay is a warning, a
// success report, an abuse report and a read receipt are never answers.
func TestParseAutomaticMail(t *testing.T) {
	for _, tc := range []struct {
		file   string
		kind   Kind
		failed string
		token  string
		away   string
	}{
		{"delay_dsn_gmail", KindDelay, "k.deboer@wijdemeren.nl", "Dl4Yx8Qw2E", ""},
		{"delay_exchange_nl", KindDelay, "m.visser@gooisemeren.nl", "Ex3Dl6Nl9W", ""},
		{"success_dsn", KindAutoReply, "", "", ""},
		{"bounce_dsn", KindBounce, "p.pietersen@weesp.nl", "Ui4Op7As1D", ""},
		{"bounce_exim", KindBounce, "m.dewit@eemnes.nl", "Ex1Mm4Fl7K", ""},
		{"bounce_qmail", KindBounce, "a.degroot@blaricum.nl", "Qm7Bl2Rc5D", ""},
		{"bounce_m365_nl", KindBounce, "l.vandam@hilversum.nl", "Ms3Nl8Bd4F", ""},
		{"bounce_exchange_en", KindBounce, "p.jansen@weesp.nl", "Xc5En1Gr8H", ""},
		{"bounce_null_sender_nl", KindBounce, "e.smit@huizen.nl", "Nu6Ll3Sd9J", ""},
		{"arf_feedback", KindAutoReply, "", "", ""},
		{"read_receipt_nl", KindAutoReply, "", "k7Qx2p9RbT", ""},
		{"oof_en_range", KindAutoReply, "", "Tb7En4Qw1Z", "2026-07-31"},
		{"oof_nl_vanaf", KindAutoReply, "", "Ap9Fw3Rd6N", "2026-08-02"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := parseFile(t, tc.file)
			if r.Kind != tc.kind || r.FailedRecipient != tc.failed || r.Token != tc.token || r.AwayUntil != tc.away {
				t.Errorf("kind %q failed %q token %q away %q, want %q %q %q %q",
					r.Kind, r.FailedRecipient, r.Token, r.AwayUntil, tc.kind, tc.failed, tc.token, tc.away)
			}
			if len(r.Items) != 0 {
				t.Errorf("machine mail has answers %+v", r.Items)
			}
		})
	}
}

// Bounces without a delivery-status part: null senders and the subjects
// mail servers use, in Dutch and English; delay subjects are warnings.
func TestBounceSubjectsAndSenders(t *testing.T) {
	for _, tc := range []struct {
		name, header string
		want         Kind
	}{
		{"MAILER-DAEMON <> Delivery status notification: error", "From: MAILER-DAEMON <>\r\nSubject: Delivery status notification: error\r\n", KindBounce},
		{"Return-Path <> Message delivery has failed", "Return-Path: <>\r\nFrom: mail@mx.x.nl\r\nSubject: Message delivery has failed\r\n", KindBounce},
		{"postmaster Mail could not be delivered", "From: postmaster@x.nl\r\nSubject: Mail could not be delivered\r\n", KindBounce},
		{"Onbestelbaar:", "From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@x.nl>\r\nSubject: Onbestelbaar: Uitvraag\r\n", KindBounce},
		{"Niet bezorgd:", "Return-Path: <>\r\nFrom: Mail Delivery System <mailer@x.nl>\r\nSubject: Niet bezorgd: Uitvraag\r\n", KindBounce},
		{"Delivery Status Notification (Delay)", "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\r\nSubject: Delivery Status Notification (Delay)\r\n", KindDelay},
		{"Waarschuwing: bericht nog niet afgeleverd", "Return-Path: <>\r\nFrom: postmaster@x.nl\r\nSubject: Waarschuwing: bericht nog niet afgeleverd\r\n", KindDelay},
		{"Delayed Mail (still being retried)", "From: MAILER-DAEMON@x.nl (Mail Delivery System)\r\nSubject: Delayed Mail (still being retried)\r\n", KindDelay},
		{"a person writing about a failed delivery is an answer", "From: jan@x.nl\r\nSubject: Re: Uitvraag, mail could not be delivered\r\n", KindReply},
		{"read receipt subject Gelezen:", "From: jan@x.nl\r\nSubject: Gelezen: Uitvraag\r\n", KindAutoReply},
		{"read receipt subject Read:", "From: jan@x.nl\r\nSubject: Read: Uitvraag\r\n", KindAutoReply},
		{"subject Afwezigheidsbericht", "From: jan@x.nl\r\nSubject: Afwezigheidsbericht: Uitvraag\r\n", KindAutoReply},
		{"subject Out of office reply", "From: jan@x.nl\r\nSubject: Out of office reply\r\n", KindAutoReply},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse([]byte(tc.header + "To: voortgang+abcd1234@x.nl\r\n\r\n<p@x.nl>: host said 550 unknown user\r\n[1a] gereed\r\n"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Kind != tc.want {
				t.Errorf("kind = %q, want %q", r.Kind, tc.want)
			}
			if tc.want == KindBounce && r.FailedRecipient != "p@x.nl" {
				t.Errorf("failed recipient = %q", r.FailedRecipient)
			}
		})
	}
}

// The failed address in the text forms of the common mail servers.
func TestTextRecipient(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"Postfix", "This is the mail system at host mx.\n\n<p.pietersen@weesp.nl>: host mx.weesp.nl[192.0.2.25] said: 550 5.1.1", "p.pietersen@weesp.nl"},
		{"Exim", "The following address(es) failed:\n\n  m.dewit@eemnes.nl\n    mailbox is full", "m.dewit@eemnes.nl"},
		{"qmail", "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n<a.degroot@blaricum.nl>:\nSorry, no mailbox here by that name.", "a.degroot@blaricum.nl"},
		{"Exchange EN", "Delivery has failed to these recipients or groups:\n\nPieter Jansen (P.Jansen@weesp.nl)\nThe email address you entered couldn't be found.", "p.jansen@weesp.nl"},
		{"Exchange NL", "De bezorging is mislukt voor deze ontvangers of groepen:\n\nInge Mulder <i.mulder@huizen.nl>\nHet e-mailadres is niet gevonden.", "i.mulder@huizen.nl"},
		{"Microsoft 365 EN", "Your message to l.vandam@hilversum.nl couldn't be delivered.\nl.vandam wasn't found at hilversum.nl.", "l.vandam@hilversum.nl"},
		{"Microsoft 365 NL", "Uw bericht aan l.vandam@hilversum.nl kan niet worden bezorgd.", "l.vandam@hilversum.nl"},
		{"Gmail", "Address not found\n\nYour message wasn't delivered to t.bakker@laren.nl because the address couldn't be found.", "t.bakker@laren.nl"},
		{"Gmail older form", "Delivery to the following recipient failed permanently:\n\n     k.deboer@wijdemeren.nl\n", "k.deboer@wijdemeren.nl"},
		{"sendmail", "   ----- The following addresses had permanent fatal errors -----\n<w.bos@wijdemeren.nl>\n    (reason: 550 5.1.1 User unknown)", "w.bos@wijdemeren.nl"},
		{"our own address is skipped", "<voortgang@regio.example.org>: bounced\n<p@x.nl>: host said 550", "p@x.nl"},
		{"nothing", "Er ging iets mis.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var h textproto.Header
			h.Set("To", "voortgang@regio.example.org")
			if got := textRecipient(tc.text, h); got != tc.want {
				t.Errorf("textRecipient = %q, want %q", got, tc.want)
			}
		})
	}
}
