package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/regiogv/voortgang/internal/config"
)

const ownersYAML = `owners:
  regio:
    contacts:
      - {key: anna, name: Anna de Vries, email: anna@example.org, deputy: piet}
      - {key: piet, name: Piet Jansen, email: piet@example.org}
  gemeenten: {group: [blaricum, laren], fan_out: true}
  blaricum: {contacts: [{key: marieke, name: Marieke Smit, email: marieke@example.org}]}
  laren: {contacts: [{key: ruud, name: Ruud Hendriks, email: ruud@example.org}, {key: els, name: Els Bos, email: els@example.org}]}
  partners: {group: [blaricum, regio], contacts: [{key: hans, name: Hans Brouwer, email: hans@example.org}]}
  netwerk: {group: [laren, blaricum]}
`

func TestContactsFor(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"owners": ownersYAML}), nil)
	tests := []struct {
		name   string
		owner  string
		keys   []string
		owners []string
	}{
		{"organisatie: eigen contactpersonen, eerste aanspreekpunt voorop", "regio", []string{"anna", "piet"}, []string{"regio", "regio"}},
		{"groep met fan_out: alle leden, in volgorde", "gemeenten", []string{"marieke", "ruud", "els"}, []string{"blaricum", "laren", "laren"}},
		{"groep zonder fan_out met eigen contact: alleen dat contact", "partners", []string{"hans"}, []string{"partners"}},
		{"groep zonder fan_out zonder eigen contacten: alle leden", "netwerk", []string{"ruud", "els", "marieke"}, []string{"laren", "laren", "blaricum"}},
		{"onbekende eigenaar", "politie", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var keys, owners []string
			for _, ct := range c.ContactsFor(tt.owner) {
				keys = append(keys, ct.Key)
				owners = append(owners, ct.Owner)
			}
			if !reflect.DeepEqual(keys, tt.keys) || !reflect.DeepEqual(owners, tt.owners) {
				t.Fatalf("ContactsFor(%s) = %v (owners %v), want %v (owners %v)", tt.owner, keys, owners, tt.keys, tt.owners)
			}
			if o, ok := c.Owner(tt.owner); ok {
				if got := len(o.Contacts(c)); got != len(tt.keys) {
					t.Fatalf("Owner.Contacts gives %d contacts, want %d", got, len(tt.keys))
				}
			}
		})
	}
}

func TestExpandAndLead(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"owners": ownersYAML}), nil)
	if got := c.Expand("gemeenten"); !reflect.DeepEqual(got, []string{"blaricum", "laren"}) {
		t.Errorf("Expand(gemeenten) = %v", got)
	}
	if got := c.Expand("partners"); !reflect.DeepEqual(got, []string{"partners"}) {
		t.Errorf("Expand(partners) = %v: a group without fan_out answers once", got)
	}
	if got := c.Expand("regio"); !reflect.DeepEqual(got, []string{"regio"}) {
		t.Errorf("Expand(regio) = %v", got)
	}
	if lead, ok := c.Lead("laren"); !ok || lead.Key != "ruud" {
		t.Errorf("Lead(laren) = %v, %v", lead, ok)
	}
	anna, _ := c.Contact("anna")
	if d, ok := c.Deputy(anna); !ok || d.Key != "piet" || d.Owner != "regio" {
		t.Errorf("Deputy(anna) = %+v, %v", d, ok)
	}
	piet, _ := c.Contact("piet")
	if _, ok := c.Deputy(piet); ok {
		t.Error("Deputy(piet) found a deputy that is not configured")
	}
}

func TestCheckOwners(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"owners": ownersYAML}), nil)
	errs := c.CheckOwners([]string{"regio", "gemeenten", "politie", "partners", "politie", "ggd"})
	if len(errs) != 2 {
		t.Fatalf("CheckOwners gave %d errors, want 2 (politie, ggd): %v", len(errs), errs)
	}
	for i, key := range []string{"owners.politie", "owners.ggd"} {
		if !strings.HasPrefix(errs[i].Error(), key+": ") {
			t.Errorf("error %d = %q, want it to start with %s", i, errs[i], key)
		}
	}
	if errs := c.CheckOwners([]string{"regio", "blaricum", "netwerk"}); len(errs) != 0 {
		t.Errorf("CheckOwners reported configured owners: %v", errs)
	}
}

func TestContactPreference(t *testing.T) {
	tests := []struct {
		name            string
		contact         config.Contact
		slack, viaEmail bool
	}{
		{"standaard e-mail", config.Contact{Slack: "U012AB3CD"}, false, true},
		{"e-mail uitdrukkelijk", config.Contact{Slack: "U012AB3CD", Prefer: "email"}, false, true},
		{"slack", config.Contact{Slack: "U012AB3CD", Prefer: "slack"}, true, false},
		{"beide", config.Contact{Slack: "U012AB3CD", Prefer: "beide"}, true, true},
		{"slack zonder id valt terug op e-mail", config.Contact{Prefer: "slack"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.contact.PrefersSlack(); got != tt.slack {
				t.Errorf("PrefersSlack = %v, want %v", got, tt.slack)
			}
			if got := tt.contact.PrefersEmail(); got != tt.viaEmail {
				t.Errorf("PrefersEmail = %v, want %v", got, tt.viaEmail)
			}
		})
	}
}

func TestPreferBothIsValid(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"owners": "owners:\n  regio: {contacts: [{key: anna, name: Anna, email: a@example.org, slack: U012AB3CD, prefer: beide}]}\n"}), nil)
	if ct, ok := c.Contact("anna"); !ok || !ct.PrefersSlack() || !ct.PrefersEmail() {
		t.Errorf("anna = %+v, want Slack and email", ct)
	}
}

func TestContactFirstNameAndID(t *testing.T) {
	tests := []struct {
		c         config.Contact
		first, id string
	}{
		{config.Contact{Key: "anna-devries", Name: "Anna de Vries", Email: "anna.devries@regio.example.org"}, "Anna", "anna-devries"},
		{config.Contact{Name: "  Jeroen   Visser", Email: "Jeroen.Visser@Regio.example.org"}, "Jeroen", "jeroen.visser@regio.example.org"},
		{config.Contact{Name: "", Email: "x@example.org"}, "", "x@example.org"},
	}
	for _, tt := range tests {
		if got := tt.c.FirstName(); got != tt.first {
			t.Errorf("FirstName(%q) = %q, want %q", tt.c.Name, got, tt.first)
		}
		if got := tt.c.ID(); got != tt.id {
			t.Errorf("ID(%+v) = %q, want %q", tt.c, got, tt.id)
		}
	}
}
