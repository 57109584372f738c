package outbox

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

func TestKeysRoundTrip(t *testing.T) {
	if k := RequestKey("2026H2", "anna-devries"); k != "uitvraag/2026H2/anna-devries" {
		t.Errorf("RequestKey = %q", k)
	}
	if p, c, ok := ParseRequestKey(RequestKey("2026H2", "anna-devries")); !ok || p != "2026H2" || c != "anna-devries" {
		t.Errorf("ParseRequestKey = %q %q %v", p, c, ok)
	}
	for _, bad := range []string{"", "uitvraag/2026H2", "herinnering/2026H2/anna/1", "uitvraag//anna", "uitvraag/2026H2/anna/x"} {
		if _, _, ok := ParseRequestKey(bad); ok {
			t.Errorf("ParseRequestKey(%q) accepted", bad)
		}
	}
	for _, k := range []string{ReminderKey("2026H2", "anna", 2), BoardReminderKey("2026H2", "anna", 3)} {
		if p, c, ok := ParseReminderKey(k); !ok || p != "2026H2" || c != "anna" {
			t.Errorf("ParseReminderKey(%q) = %q %q %v", k, p, c, ok)
		}
		if !strings.HasPrefix(k, ReminderPrefix("2026H2")) {
			t.Errorf("%q lacks the reminder prefix", k)
		}
	}
	if k := BoardReminderKey("2026H2", "anna", 3); !strings.HasPrefix(k, BoardReminderPrefix("2026H2", "anna")) || k != "herinnering/2026H2/anna/bord-3" {
		t.Errorf("BoardReminderKey = %q", k)
	}
	for key, want := range map[string]string{RequestKey("2026H2", "anna"): "anna", ReminderKey("2026H2", "piet", 1): "piet",
		BoardReminderKey("2026H2", "kees", 1) + SuffixSlack: "kees", ConfirmationKey("2026H2", "lies", 7): "lies",
		EscalationKey("2026H2", "sanne"): "", DigestKey("2026-12-01", "anna"): "", "uitvraag/2026H2": ""} {
		if _, c, ok := ParseContactKey(key); c != want || ok != (want != "") {
			t.Errorf("ParseContactKey(%q) = %q, %v; want %q", key, c, ok, want)
		}
	}
	if !strings.HasPrefix(RequestKey("2026H2", "anna"), RequestPrefix("2026H2")) {
		t.Error("RequestPrefix is not the prefix of RequestKey")
	}
	if a, b := BounceKey("x@y", "anna", "sanne"), BounceKey("x@y", "anna", "sanne"); a != b || !strings.HasPrefix(a, "onbestelbaar/") {
		t.Errorf("BounceKey = %q, %q", a, b)
	}
}

func TestMessageIDsAreKeyedAndDeterministic(t *testing.T) {
	refs, err := NewRefs([]byte("een geheime sleutel van minstens 32 tekens"))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewRefs([]byte("een andere sleutel, ook van 32 tekens of meer"))
	key := RequestKey("2026H2", "anna-devries")
	a, err := refs.MessageID(key, "Regio <Voortgang@RegioGV.nl>")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := refs.MessageID(key, "voortgang@regiogv.nl")
	if a != b || !strings.HasSuffix(a, "@regiogv.nl") || len(a) != 32+len("@regiogv.nl") {
		t.Errorf("MessageID not deterministic or wrong domain: %q, %q", a, b)
	}
	if c, _ := other.MessageID(key, "voortgang@regiogv.nl"); c == a {
		t.Error("two secret keys give the same Message-ID")
	}
	if d, _ := refs.MessageID(ReminderKey("2026H2", "anna-devries", 1), "voortgang@regiogv.nl"); d == a {
		t.Error("two outbox keys give the same Message-ID")
	}
	sum := sha256.Sum256([]byte(key))
	unkeyed := hex.EncodeToString(sum[:16]) + "@regiogv.nl"
	for id, want := range map[string]bool{
		a: true, "<" + a + ">": true, strings.ToUpper(a): true, unkeyed: false, "": false, "geen-apenstaart": false,
	} {
		if got := refs.Verify(key, id); got != want {
			t.Errorf("Verify(%q) = %v, want %v", id, got, want)
		}
	}
	if refs.Verify(ReminderKey("2026H2", "anna-devries", 1), a) {
		t.Error("a Message-ID verified for another key")
	}
	if _, err := NewRefs(nil); err == nil {
		t.Error("NewRefs accepted an empty secret")
	}
	if _, err := refs.MessageID(key, "geen adres"); err == nil {
		t.Error("MessageID accepted a From without an address")
	}
}

func TestRoundOf(t *testing.T) {
	for key, want := range map[string]string{
		RequestKey("2026H2", "anna"):                "2026H2",
		RequestKey("2026H2", "anna") + SuffixSlack:  "2026H2",
		ReminderKey("2027H1", "anna", 2):            "2027H1",
		BoardReminderKey("2027H1", "anna", 1):       "2027H1",
		EscalationKey("2026H2", "sanne"):            "2026H2",
		SummaryKey("2026H2", "sanne") + SuffixTeams: "2026H2",
		DigestKey("2026-12-15", "anna"):             "",
		ConfirmationKey("2026H2", "anna", 7):        "",
		"uitvraag":                                  "",
		"uitvraag//anna":                            "",
	} {
		if got := RoundOf(key); got != want {
			t.Errorf("RoundOf(%q) = %q, want %q", key, got, want)
		}
	}
}

// The anchor of a doel names its programme: the answer form's heading ids and the mails'
// links are both this string.
func TestGoalAnchor(t *testing.T) {
	if got, want := GoalAnchor("bescherming-opvang-2026-2029", 15), "doel-bescherming-opvang-2026-2029-15"; got != want {
		t.Errorf("GoalAnchor = %q, want %q", got, want)
	}
	if GoalAnchor("a", 1) == GoalAnchor("b", 1) {
		t.Error("two programmes' doel 1 have the same anchor")
	}
}
