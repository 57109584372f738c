package check

// text is everything check writes, per language; the operator reads it, so Dutch by
// default.
type text struct {
	ok, failed, skipped string

	itemDatabase, itemSend, itemRead, itemOIDC string

	databaseOK, fixDatabase string

	catcher, sendNoTo, sendOK, testSubject, testBody, fixFrom string
	noReader, readOK                                          string
	notConfigured                                             string

	slackNoToken, slackOK, fixSlackToken, fixSlack                            string
	teamsBadURL, teamsOK, teamsPosted, teamsNote, fixTeams, fixTeamsNet       string
	oidcOK, oidcNoClient, fixOIDC, fixOIDCClient                              string
	fixInvalidClient, fixUnknownClient, fixTenant, fixScope, fixTokenOther    string
	fixGraphSendPermission, fixGraphReadPermission, fixMailbox, fixGraphToken string
	fixGraphOther, fixNetwork, fixTLS, fixXOAUTH2Send, fixXOAUTH2Read         string
	fixSMTPAuth, fixIMAPAuth, fixSendOther, fixReadOther, fixSendAs           string
}

var texts = map[string]text{
	"nl": {
		ok: "ok", failed: "FOUT", skipped: "—",

		itemDatabase: "database", itemSend: "mail versturen", itemRead: "antwoorden lezen", itemOIDC: "inloggen (OIDC)",

		databaseOK:  "%s, schemaversie %d",
		fixDatabase: "controleer database / VOORTGANG_DB: bestaat de map en mag voortgang erin schrijven, of klopt de PostgreSQL-URL (server, gebruiker, wachtwoord, sslmode)?",

		catcher:     "geen SMTP of Graph ingesteld: mail gaat naar de lokale mailopvang in %s",
		sendNoTo:    "%s: verbonden en aangemeld (geef --to ADRES om een testbericht te sturen)",
		sendOK:      "%s: testbericht verstuurd aan %s",
		testSubject: "Testbericht van voortgang check",
		testBody:    "Dit is een testbericht van `voortgang check`.\n\nHet is verstuurd via %s op %s. Als u dit leest, werkt het versturen van mail.\n",
		fixFrom:     "controleer mail.from: een geldig adres, bijvoorbeeld \"Voortgang <voortgang@regio.example.org>\"",

		noReader:      "niet ingesteld (geen imap_url, of transport graph zonder reply_to): antwoorden per mail worden niet gelezen",
		readOK:        "%s: aangemeld, %d bericht(en) wachten; mappen %s en %s aanwezig",
		notConfigured: "niet ingesteld",

		slackNoToken:  "slack.enabled staat aan maar VOORTGANG_SLACK_BOT_TOKEN ontbreekt",
		slackOK:       "auth.test: verbonden als %s in %s",
		fixSlackToken: "zet VOORTGANG_SLACK_BOT_TOKEN (xoxb-…) en VOORTGANG_SLACK_APP_TOKEN (xapp-…) in de omgeving, of zet slack.enabled uit",
		fixSlack:      "controleer VOORTGANG_SLACK_BOT_TOKEN: is de app nog geïnstalleerd in de werkruimte en is het token niet ingetrokken?",

		teamsBadURL: "de webhook-URL is onleesbaar",
		teamsOK:     "webhook bij %s bereikbaar (niets gepost; --teams post een testnotitie)",
		teamsPosted: "testnotitie gepost via %s",
		teamsNote:   "Testnotitie van voortgang check, %s.",
		fixTeams:    "maak in Teams de Workflows-webhook opnieuw en zet de nieuwe URL in VOORTGANG_TEAMS_WEBHOOK_URL",
		fixTeamsNet: "controleer of deze server naar buiten mag (proxy, firewall) en of de host in VOORTGANG_TEAMS_WEBHOOK_URL klopt",

		oidcOK:        "discovery gelukt; aanmelden via %s",
		oidcNoClient:  "issuer gezet maar client-id of client secret ontbreekt",
		fixOIDC:       "controleer oidc.issuer / VOORTGANG_OIDC_ISSUER: voor Entra ID https://login.microsoftonline.com/<tenant-id>/v2.0",
		fixOIDCClient: "zet VOORTGANG_OIDC_CLIENT_ID en VOORTGANG_OIDC_CLIENT_SECRET",

		fixInvalidClient:       "het client secret of certificaat wordt geweigerd: maak in Entra ID (App-registraties → Certificaten en geheimen) een nieuw geheim en zet het in VOORTGANG_M365_CLIENT_SECRET(_FILE), of upload het certificaat van VOORTGANG_M365_CERTIFICATE_FILE",
		fixUnknownClient:       "de app is onbekend in deze tenant: controleer VOORTGANG_M365_CLIENT_ID (toepassings-id) en VOORTGANG_M365_TENANT_ID (directory-id)",
		fixTenant:              "de tenant bestaat niet: controleer VOORTGANG_M365_TENANT_ID (directory-id van Entra ID)",
		fixScope:               "de scope wordt geweigerd: controleer mail.oauth2.token_url (laat leeg voor de gewone Microsoft-cloud)",
		fixTokenOther:          "controleer de app-registratie (VOORTGANG_M365_TENANT_ID, VOORTGANG_M365_CLIENT_ID en het geheim)",
		fixGraphSendPermission: "geef de app in Entra ID de toepassingsmachtiging Mail.Send met beheerderstoestemming, en controleer dat het toegangsbeleid (New-ApplicationAccessPolicy / RBAC voor toepassingen) deze mailbox toestaat",
		fixGraphReadPermission: "geef de app in Entra ID de toepassingsmachtiging Mail.ReadWrite met beheerderstoestemming, en controleer dat het toegangsbeleid deze mailbox toestaat",
		fixMailbox:             "de mailbox is onbekend: controleer mail.mailbox (of het adres in mail.from) en of het een Exchange Online-mailbox is",
		fixGraphToken:          "Graph weigert het token: controleer VOORTGANG_M365_TENANT_ID en of de toestemming van de beheerder is gegeven",
		fixGraphOther:          "Graph gaf een fout: probeer het later opnieuw; blijft het, kijk in de melding welke instelling het noemt",
		fixNetwork:             "de server is niet bereikbaar: controleer host en poort in de URL, DNS, en of de firewall of proxy deze verbinding toestaat",
		fixTLS:                 "het TLS-certificaat van de server wordt niet vertrouwd: controleer de hostnaam in de URL",
		fixXOAUTH2Send:         "XOAUTH2 geweigerd: geef de app de machtiging SMTP.SendAsApp (Office 365 Exchange Online), registreer de service principal in Exchange (New-ServicePrincipal), geef hem Add-MailboxPermission op de mailbox, en zet SMTP AUTH aan voor de mailbox",
		fixXOAUTH2Read:         "XOAUTH2 geweigerd: geef de app de machtiging IMAP.AccessAsApp (Office 365 Exchange Online), registreer de service principal in Exchange (New-ServicePrincipal) en geef hem Add-MailboxPermission FullAccess op de mailbox",
		fixSMTPAuth:            "aanmelden geweigerd: controleer gebruiker en wachtwoord in VOORTGANG_SMTP_URL; Exchange Online kent geen wachtwoorden meer: gebruik smtp+xoauth2:// of transport graph",
		fixIMAPAuth:            "aanmelden geweigerd: controleer gebruiker en wachtwoord in VOORTGANG_IMAP_URL; Exchange Online kent geen wachtwoorden meer: gebruik imaps+xoauth2:// of transport graph",
		fixSendOther:           "controleer mail.smtp_url / VOORTGANG_SMTP_URL of de Graph-instellingen",
		fixSendAs:              "Graph verstuurt als de mailbox: zet in mail.from het adres van mail.mailbox, of geef de mailbox SendAs-rechten op het adres in mail.from",
		fixReadOther:           "controleer mail.imap_url / VOORTGANG_IMAP_URL of de Graph-instellingen, en de mapnamen",
	},
	"en": {
		ok: "ok", failed: "FAIL", skipped: "—",

		itemDatabase: "database", itemSend: "sending mail", itemRead: "reading replies", itemOIDC: "sign-in (OIDC)",

		databaseOK:  "%s, schema version %d",
		fixDatabase: "check database / VOORTGANG_DB: does the directory exist and may voortgang write there, or is the PostgreSQL URL right (server, user, password, sslmode)?",

		catcher:     "no SMTP or Graph configured: mail goes to the local mail catcher in %s",
		sendNoTo:    "%s: connected and signed in (give --to ADDRESS to send a test message)",
		sendOK:      "%s: test message sent to %s",
		testSubject: "Test message from voortgang check",
		testBody:    "This is a test message from `voortgang check`.\n\nIt was sent through %s at %s. If you read this, sending mail works.\n",
		fixFrom:     "check mail.from: a valid address, for example \"Voortgang <voortgang@regio.example.org>\"",

		noReader:      "not configured (no imap_url, or transport graph without reply_to): replies by mail are not read",
		readOK:        "%s: signed in, %d message(s) waiting; folders %s and %s present",
		notConfigured: "not configured",

		slackNoToken:  "slack.enabled is on but VOORTGANG_SLACK_BOT_TOKEN is missing",
		slackOK:       "auth.test: connected as %s in %s",
		fixSlackToken: "set VOORTGANG_SLACK_BOT_TOKEN (xoxb-…) and VOORTGANG_SLACK_APP_TOKEN (xapp-…) in the environment, or turn slack.enabled off",
		fixSlack:      "check VOORTGANG_SLACK_BOT_TOKEN: is the app still installed in the workspace and the token not revoked?",

		teamsBadURL: "the webhook URL cannot be read",
		teamsOK:     "webhook at %s reachable (nothing posted; --teams posts a test note)",
		teamsPosted: "test note posted through %s",
		teamsNote:   "Test note from voortgang check, %s.",
		fixTeams:    "create the Workflows webhook in Teams again and put the new URL in VOORTGANG_TEAMS_WEBHOOK_URL",
		fixTeamsNet: "check that this server may connect out (proxy, firewall) and that the host in VOORTGANG_TEAMS_WEBHOOK_URL is right",

		oidcOK:        "discovery works; sign-in through %s",
		oidcNoClient:  "issuer set but client id or client secret missing",
		fixOIDC:       "check oidc.issuer / VOORTGANG_OIDC_ISSUER: for Entra ID https://login.microsoftonline.com/<tenant-id>/v2.0",
		fixOIDCClient: "set VOORTGANG_OIDC_CLIENT_ID and VOORTGANG_OIDC_CLIENT_SECRET",

		fixInvalidClient:       "the client secret or certificate is refused: create a new secret in Entra ID (App registrations → Certificates & secrets) and put it in VOORTGANG_M365_CLIENT_SECRET(_FILE), or upload the certificate of VOORTGANG_M365_CERTIFICATE_FILE",
		fixUnknownClient:       "the app is unknown in this tenant: check VOORTGANG_M365_CLIENT_ID (application id) and VOORTGANG_M365_TENANT_ID (directory id)",
		fixTenant:              "the tenant does not exist: check VOORTGANG_M365_TENANT_ID (Entra ID directory id)",
		fixScope:               "the scope is refused: check mail.oauth2.token_url (leave it empty for the global Microsoft cloud)",
		fixTokenOther:          "check the app registration (VOORTGANG_M365_TENANT_ID, VOORTGANG_M365_CLIENT_ID and the secret)",
		fixGraphSendPermission: "grant the app the application permission Mail.Send with admin consent in Entra ID, and check that the access policy (New-ApplicationAccessPolicy / RBAC for Applications) allows this mailbox",
		fixGraphReadPermission: "grant the app the application permission Mail.ReadWrite with admin consent in Entra ID, and check that the access policy allows this mailbox",
		fixMailbox:             "the mailbox is unknown: check mail.mailbox (or the address in mail.from) and that it is an Exchange Online mailbox",
		fixGraphToken:          "Graph refuses the token: check VOORTGANG_M365_TENANT_ID and that admin consent was granted",
		fixGraphOther:          "Graph returned an error: try again later; if it stays, see which setting the message names",
		fixNetwork:             "the server cannot be reached: check host and port in the URL, DNS, and whether a firewall or proxy allows the connection",
		fixTLS:                 "the server's TLS certificate is not trusted: check the host name in the URL",
		fixXOAUTH2Send:         "XOAUTH2 refused: grant the app SMTP.SendAsApp (Office 365 Exchange Online), register its service principal in Exchange (New-ServicePrincipal), give it Add-MailboxPermission on the mailbox, and enable SMTP AUTH for the mailbox",
		fixXOAUTH2Read:         "XOAUTH2 refused: grant the app IMAP.AccessAsApp (Office 365 Exchange Online), register its service principal in Exchange (New-ServicePrincipal) and give it Add-MailboxPermission FullAccess on the mailbox",
		fixSMTPAuth:            "sign-in refused: check user and password in VOORTGANG_SMTP_URL; Exchange Online no longer takes passwords: use smtp+xoauth2:// or transport graph",
		fixIMAPAuth:            "sign-in refused: check user and password in VOORTGANG_IMAP_URL; Exchange Online no longer takes passwords: use imaps+xoauth2:// or transport graph",
		fixSendOther:           "check mail.smtp_url / VOORTGANG_SMTP_URL or the Graph settings",
		fixSendAs:              "Graph sends as the mailbox: put the address of mail.mailbox in mail.from, or give the mailbox SendAs rights on the address in mail.from",
		fixReadOther:           "check mail.imap_url / VOORTGANG_IMAP_URL or the Graph settings, and the folder names",
	},
}
