package config

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// mask replaces every secret in Dump.
const mask = "****"

// maskPlaceholder survives URL encoding, unlike "*"; it is swapped for mask afterwards.
const maskPlaceholder = "MASKEDSECRETVALUE"

// redactURL masks the password and any password-like query parameter of a URL. A value that
// does not parse as a URL is masked whole: it may be a secret written wrongly.
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return mask
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), maskPlaceholder)
		}
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			return mask
		}
		for k := range q {
			lk := strings.ToLower(k)
			if strings.Contains(lk, "pass") || strings.Contains(lk, "secret") || strings.Contains(lk, "token") || strings.Contains(lk, "key") {
				q[k] = []string{maskPlaceholder}
			}
		}
		u.RawQuery = q.Encode()
	}
	return strings.ReplaceAll(u.String(), maskPlaceholder, mask)
}

func maskSet(s string) string {
	if s == "" {
		return ""
	}
	return mask
}

// Dump is the effective configuration as YAML, for `voortgang config --dump`: defaults, file
// and environment combined, with every secret masked as ****: passwords inside URLs, the
// secret key, the Slack tokens and the Teams webhook. Each meeting's resolved deadline is added as a comment.
func (c *Config) Dump() string {
	d := *c
	if strings.Contains(c.Database, "://") {
		d.Database = redactURL(c.Database)
	}
	d.Mail.SMTPURL = redactURL(c.Mail.SMTPURL)
	d.Mail.IMAPURL = redactURL(c.Mail.IMAPURL)
	d.SecretKey = maskSet(c.SecretKey)
	d.Slack.AppToken = maskSet(c.Slack.AppToken)
	d.Slack.BotToken = maskSet(c.Slack.BotToken)
	d.Slack.TeamsWebhook = maskSet(c.Slack.TeamsWebhook)
	d.OIDC.ClientSecret = maskSet(c.OIDC.ClientSecret)
	d.Metrics.Token = maskSet(c.Metrics.Token)
	d.Mail.OAuth2.ClientSecret = maskSet(c.Mail.OAuth2.ClientSecret)
	d.Mail.OAuth2.Certificate = maskSet(c.Mail.OAuth2.Certificate)

	var doc yaml.Node
	if err := doc.Encode(&d); err != nil {
		return fmt.Sprintf("# config: dump mislukt: %v\n", err)
	}
	annotateMeetings(&doc, c.Meetings)

	var b bytes.Buffer
	b.WriteString("# Effectieve instellingen van voortgang (geheimen gemaskeerd).\n")
	if c.path != "" {
		fmt.Fprintf(&b, "# Bestand: %s\n", c.path)
	}
	if len(c.fromEnv) > 0 {
		fmt.Fprintf(&b, "# Uit de omgeving: %s\n", strings.Join(c.fromEnv, ", "))
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Sprintf("# config: dump mislukt: %v\n", err)
	}
	_ = enc.Close()
	return b.String()
}

// annotateMeetings puts the resolved deadline next to each meeting's date.
func annotateMeetings(doc *yaml.Node, meetings []Meeting) {
	if doc.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "meetings" {
			continue
		}
		seq := doc.Content[i+1]
		for j, item := range seq.Content {
			if j >= len(meetings) || meetings[j].deadline.IsZero() {
				continue
			}
			for k := 0; k+1 < len(item.Content); k += 2 {
				if item.Content[k].Value == "date" {
					item.Content[k+1].LineComment = "deadline " + weekday(meetings[j].deadline) + " " + meetings[j].deadline.Format(time.DateOnly)
				}
			}
		}
	}
}

var dutchWeekdays = [...]string{"zo", "ma", "di", "wo", "do", "vr", "za"}

func weekday(t time.Time) string { return dutchWeekdays[t.Weekday()] }
