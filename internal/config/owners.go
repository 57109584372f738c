package config

import (
	"fmt"
	"slices"
	"strings"
)

// Contact is a person who answers status requests (an owner's contact) or watches the board
// (a coordinator).
type Contact struct {
	// Key identifies the contact in deputy references and in the store; lower case, digits
	// and hyphens, unique across the whole configuration. Required for owners' contacts.
	Key   string `yaml:"key,omitempty"`
	Name  string `yaml:"name"`
	Email string `yaml:"email"` // a bare address: anna.devries@example.org
	// Slack is the Slack member ID (U…), if the contact uses Slack.
	Slack string `yaml:"slack,omitempty"`
	// Deputy is the key of the contact who stands in when this one is away (vervanger).
	Deputy string `yaml:"deputy,omitempty"`
	// Prefer is the channel for requests and reminders: email (default), slack, or beide
	// (both). Slack falls back to email while Slack is disabled.
	Prefer string `yaml:"prefer,omitempty"`

	// Owner is the owner key the contact belongs to ("" for a coordinator); set by Validate.
	Owner string `yaml:"-"`
}

// Values of Contact.Prefer.
const (
	PreferEmail = "email"
	PreferSlack = "slack"
	PreferBoth  = "beide"
)

// FirstName is how the messages address the contact: "Beste Anna,".
func (c Contact) FirstName() string { return FirstName(c.Name) }

// FirstName is the first word of a name.
func FirstName(name string) string {
	if f := strings.Fields(name); len(f) > 0 {
		return f[0]
	}
	return name
}

// ID identifies the contact in outbox keys and the audit log: the configured key, else the
// address (coordinators may be configured without a key).
func (c Contact) ID() string {
	if c.Key != "" {
		return c.Key
	}
	return strings.ToLower(c.Email)
}

// PrefersSlack reports whether the contact should get requests over Slack (prefer: slack or
// beide, with a Slack id).
func (c Contact) PrefersSlack() bool {
	return (c.Prefer == PreferSlack || c.Prefer == PreferBoth) && c.Slack != ""
}

// PrefersEmail reports whether the contact should get requests by email as well when Slack is
// available: everyone but those who prefer Slack alone.
func (c Contact) PrefersEmail() bool { return !c.PrefersSlack() || c.Prefer == PreferBoth }

// Owner is an organisation named in the workflow files' owners (wie).
//
// An owner is either an organisation with its own contacts, or a group of other owners
// (gemeenten: the seven municipalities):
//
//   - fan_out: true — an action owned by the group is asked of every member separately; each
//     member answers for itself (Expand gives the member keys). The group has no contacts of
//     its own.
//   - fan_out: false — the group answers once: its own contacts if it has any (a lead for
//     the group), else the contacts of every member.
//
// Lead: the first contact listed is the owner's lead (eerste aanspreekpunt), the one named
// where a single person is needed (an escalation, a summary). In the programme, the first
// owner of an action is the lead owner who answers for the action.
type Owner struct {
	Name   string    `yaml:"name,omitempty"`     // display name: "GGD Gooi en Vechtstreek"
	Own    []Contact `yaml:"contacts,omitempty"` // the owner's own contacts, lead first
	Group  []string  `yaml:"group,omitempty"`    // member owner keys
	FanOut bool      `yaml:"fan_out,omitempty"`

	// Key is the owner key; set by Validate.
	Key string `yaml:"-"`
	// line is where the owner stands in the file, for CheckOwners; set by Validate.
	line int
}

// IsGroup reports whether the owner is a group of other owners.
func (o *Owner) IsGroup() bool { return len(o.Group) > 0 }

// Contacts resolves the owner's contacts with cfg, see Config.ContactsFor.
func (o *Owner) Contacts(cfg *Config) []Contact { return cfg.ContactsFor(o.Key) }

// Owner returns the owner with key.
func (c *Config) Owner(key string) (*Owner, bool) {
	o, ok := c.Owners[key]
	return o, ok && o != nil
}

// ContactsFor returns the contacts who answer for owner key, lead first:
//   - an organisation: its own contacts;
//   - a group with fan_out: every member's contacts, in member order;
//   - a group without fan_out: the group's own contacts if it has any, else every member's.
//
// An unknown key gives nil.
func (c *Config) ContactsFor(key string) []Contact {
	o, ok := c.Owner(key)
	if !ok {
		return nil
	}
	if !o.IsGroup() || (!o.FanOut && len(o.Own) > 0) {
		return slices.Clone(o.Own)
	}
	var out []Contact
	for _, m := range o.Group {
		if mo, ok := c.Owner(m); ok && !mo.IsGroup() {
			out = append(out, mo.Own...)
		}
	}
	return out
}

// Expand gives the owner keys that each get their own task for an action owned by key: the
// members of a fan-out group, else key itself.
func (c *Config) Expand(key string) []string {
	if o, ok := c.Owner(key); ok && o.IsGroup() && o.FanOut {
		return slices.Clone(o.Group)
	}
	return []string{key}
}

// Lead is the first contact who answers for owner key.
func (c *Config) Lead(key string) (Contact, bool) {
	cs := c.ContactsFor(key)
	if len(cs) == 0 {
		return Contact{}, false
	}
	return cs[0], true
}

// Contact looks a contact up by its key (owners' contacts and coordinators with a key).
func (c *Config) Contact(key string) (Contact, bool) {
	if ct := c.contacts[key]; ct != nil {
		return *ct, true
	}
	return Contact{}, false
}

// Deputy returns the deputy of ct, if it has one.
func (c *Config) Deputy(ct Contact) (Contact, bool) {
	if ct.Deputy == "" {
		return Contact{}, false
	}
	return c.Contact(ct.Deputy)
}

// CheckOwners reports every owner key used by the programme that has no contacts in the
// configuration. keys are the programme's owner keys; duplicates are reported once.
func (c *Config) CheckOwners(keys []string) []error {
	var errs []error
	seen := make(map[string]bool, len(keys))
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		if _, ok := c.Owner(k); !ok {
			errs = append(errs, Problem{Key: "owners." + k, Msg: fmt.Sprintf("eigenaar %q komt voor in het programma maar staat niet in de configuratie", k)})
			continue
		}
		if len(c.ContactsFor(k)) == 0 {
			errs = append(errs, Problem{Key: "owners." + k, Line: c.Owners[k].line, Msg: fmt.Sprintf("eigenaar %q heeft geen contactpersonen", k)})
		}
	}
	return errs
}
