package config_test

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/regiogv/voortgang/internal/config"
)

func TestOperatorSettings(t *testing.T) {
	c := mustParse(t, yamlWith(map[string]string{"http": "http:\n  trusted_proxies: [10.0.0.0/8, 192.0.2.10, \"2001:db8::/32\"]\n",
		"metrics": "metrics:\n  listen: 127.0.0.1:9090\n", "retention": "retention:\n  draft_versions_days: 0\n"}),
		map[string]string{config.EnvMetricsToken: "een-lang-metrics-token"})
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.10/32"), netip.MustParsePrefix("2001:db8::/32")}
	if got := c.HTTP.Proxies(); len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("Proxies = %v, want %v", got, want)
	}
	if !c.Metrics.Enabled() || c.Metrics.Token != "een-lang-metrics-token" {
		t.Errorf("metrics = %+v", c.Metrics)
	}
	// Defaults, and 0 keeps for good.
	if r := c.Retention; r.DeliveryAttempts != 180 || r.InboundBodies != 90 || r.DraftVersions != 0 || r.Sessions != 30 {
		t.Errorf("retention = %+v", r)
	}
	if config.Days(2) != 48*time.Hour {
		t.Errorf("Days(2) = %v", config.Days(2))
	}
	if d := c.Dump(); strings.Contains(d, "een-lang-metrics-token") || !strings.Contains(d, "token: '****'") {
		t.Errorf("Dump does not mask the metrics token:\n%s", d)
	}
	env := mustParse(t, yamlWith(nil), map[string]string{config.EnvTrustedProxies: "10.1.0.0/16, 10.2.0.1", config.EnvMetricsListen: ":9100"})
	if len(env.HTTP.Proxies()) != 2 || env.Metrics.Listen != ":9100" {
		t.Errorf("from the environment: %v %q", env.HTTP.Proxies(), env.Metrics.Listen)
	}
	if off := mustParse(t, yamlWith(nil), nil); off.Metrics.Enabled() || len(off.HTTP.Proxies()) != 0 {
		t.Errorf("defaults: metrics %+v, proxies %v", off.Metrics, off.HTTP.Proxies())
	}
}

func TestOperatorSettingProblems(t *testing.T) {
	for _, tc := range []struct {
		name, yml string
		env       map[string]string
		key, msg  string
	}{
		{"no CIDR", "http:\n  trusted_proxies: [proxy.example.org]\n", nil, "http.trusted_proxies[0]", "geen IP-adres of CIDR-bereik"},
		{"bad listen", "metrics:\n  listen: 9090\n", nil, "metrics.listen", "geen adres met poort"},
		{"same as listen", "listen: 127.0.0.1:8080\nmetrics:\n  listen: 127.0.0.1:8080\n", nil, "metrics.listen", "hetzelfde adres als listen"},
		{"short token", "", map[string]string{config.EnvMetricsToken: "kort"}, "metrics.token", "te kort"},
		{"negative", "retention:\n  inbound_bodies_days: -1\n", nil, "retention.inbound_bodies_days", "negatief"},
		{"token in the file", "metrics:\n  token: geheim-geheim-geheim\n", nil, "metrics.token", "VOORTGANG_METRICS_TOKEN"},
	} {
		_, err := config.Parse([]byte(yamlWith(map[string]string{"zz": tc.yml})), envMap(tc.env))
		found := false
		for _, p := range problemsOf(t, err) {
			if p.Key == tc.key && strings.Contains(p.Msg, tc.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: %v lacks %s: …%s…", tc.name, err, tc.key, tc.msg)
		}
	}
}
