package web

import "github.com/regiogv/voortgang/internal/i18n"

// labels holds every text the pages show, in Dutch and English. Values with a verb (%s, %d)
// are formats filled in by the page. A small table on purpose: the pages have few words and
// the language is chosen once, in the configuration.
var labels = map[string][2]string{ // key → {nl, en}
	"layout.brand":        {"Voortgang", "Voortgang"},
	"layout.skip":         {"Naar de inhoud", "Skip to content"},
	"layout.error_prefix": {"Fout:", "Error:"},
	"layout.footer": {"Voortgang bewaakt de uitvoering van het programma. Deze pagina gebruikt geen cookies.",
		"Voortgang keeps track of the programme. This page uses no cookies."},

	"error.invalid.title": {"Deze link werkt niet", "This link does not work"},
	"error.invalid.message": {"De link is niet compleet of klopt niet. Misschien is hij bij het kopiëren afgebroken of gewijzigd.",
		"The link is incomplete or incorrect. It may have been cut off or changed when it was copied."},
	"error.invalid.hint": {"Open de link opnieuw vanuit de e-mail, of vraag de coördinator van het programma om een nieuwe.",
		"Open the link again from the email, or ask the programme's coordinator for a new one."},
	"error.expired.title": {"Deze link is verlopen", "This link has expired"},
	"error.expired.message": {"De link was geldig tot en met de dag van de vergadering en kan niet meer gebruikt worden.",
		"The link was valid until the day of the meeting and can no longer be used."},
	"error.expired.hint": {"Wilt u toch nog iets doorgeven? Neem contact op met de coördinator van het programma.",
		"Still want to pass something on? Please contact the programme's coordinator."},
	"error.revoked.title": {"Deze link is ingetrokken", "This link has been withdrawn"},
	"error.revoked.message": {"De coördinator heeft deze uitvraag ingetrokken. Met deze link kunt u niets meer invullen.",
		"The coordinator has withdrawn this request. This link can no longer be used."},
	"error.revoked.hint": {"Heeft u een nieuwere e-mail ontvangen? Gebruik dan de link daaruit.",
		"Did you receive a newer email? Then please use the link in that one."},
	"error.notfound.title":   {"Pagina niet gevonden", "Page not found"},
	"error.notfound.message": {"Deze pagina bestaat niet.", "This page does not exist."},
	"error.notfound.hint": {"Controleer het adres, of open de link opnieuw vanuit de e-mail.",
		"Check the address, or open the link again from the email."},
	"error.internal.title": {"Er ging iets mis", "Something went wrong"},
	"error.internal.message": {"Door een fout aan onze kant kon deze pagina niet getoond worden. Er is niets verloren gegaan van wat al was opgeslagen.",
		"Because of an error on our side this page could not be shown. Nothing that was already saved has been lost."},
	"error.internal.hint": {"Probeer het over een paar minuten opnieuw. Blijft het misgaan, neem dan contact op met de coördinator.",
		"Please try again in a few minutes. If it keeps failing, contact the coordinator."},
	"error.ratelimit.title": {"Even geduld", "Please wait a moment"},
	"error.ratelimit.message": {"Er kwamen in korte tijd te veel verzoeken vanaf uw adres.",
		"Too many requests came from your address in a short time."},
	"error.ratelimit.hint": {"Wacht een minuut en probeer het dan opnieuw. Wat u al had opgeslagen, blijft bewaard.",
		"Wait a minute and try again. What you already saved is kept."},
	"error.crossorigin.title": {"Verzoek geweigerd", "Request refused"},
	"error.crossorigin.message": {"Dit formulier kan alleen vanaf deze website verstuurd worden.",
		"This form can only be submitted from this website."},
	"error.crossorigin.hint": {"Open de link uit de e-mail en vul het formulier daar in.",
		"Open the link from the email and fill in the form there."},

	"error.badform.title": {"Formulier niet ontvangen", "Form not received"},
	"error.badform.message": {"Het formulier kwam onvolledig of te groot bij ons aan. Er is niets opgeslagen.",
		"The form arrived incomplete or too large. Nothing has been saved."},
	"error.badform.hint": {"Ga terug, kort zo nodig de toelichtingen in en verstuur het opnieuw.",
		"Go back, shorten the explanations if needed and submit it again."},

	"error.number": {"Vul een getal in, bijvoorbeeld 12 of 12,5 (zonder punt voor duizendtallen).",
		"Enter a number, for example 12 or 12.5 (without a thousands separator)."},
	"error.toolong": {"De toelichting is te lang: maximaal %d tekens.", "The explanation is too long: at most %d characters."},
	"error.status_missing": {"Kies een status. Een toelichting of waarde wordt alleen met een status opgeslagen.",
		"Choose a status. An explanation or value is only saved together with a status."},
	"error.status_unknown": {"Kies een van de vijf statussen hieronder.", "Choose one of the five statuses below."},

	"answer.title":    {"Voortgang %s", "Progress %s"},
	"answer.meeting":  {"%s van %s", "%s of %s"},
	"answer.greeting": {"Beste %s,", "Dear %s,"},
	"answer.intro":    {"Wilt u hieronder per actie aangeven hoe het ervoor staat in de %s?", "Please tell us below how each action is doing in the %s."},
	"answer.intro.meeting": {"Uw antwoorden gaan mee in de voortgangsrapportage voor de vergadering %s.",
		"Your answers go into the progress report for the meeting %s."},
	"answer.deadline": {"U kunt ook een deel invullen en later verdergaan. Tot en met %s kunt u uw antwoorden wijzigen.",
		"You can also fill in part of it and continue later. You can change your answers until %s."},
	"answer.closed.title": {"De termijn is verstreken", "The deadline has passed"},
	"answer.closed": {"Antwoorden over de %s konden tot en met %s worden gegeven. U kunt ze hieronder nog bekijken, maar niet meer wijzigen.",
		"Answers about the %s could be given until %s. You can still see them below, but no longer change them."},
	"answer.closed.nodate": {"Antwoorden over de %s worden niet meer aangenomen. U kunt ze hieronder nog bekijken, maar niet meer wijzigen.",
		"Answers about the %s are no longer accepted. You can still see them below, but no longer change them."},
	"answer.closed.contact": {"Moet er toch iets veranderen? Neem contact op met", "Does something still need to change? Please contact"},
	"answer.errors.title":   {"Er is nog niets opgeslagen", "Nothing has been saved yet"},
	"answer.errors.intro": {"Verbeter wat hieronder staat en verstuur het formulier opnieuw. Wat u had ingevuld, staat er nog.",
		"Correct what is listed below and submit the form again. What you filled in is still there."},
	"answer.noitems":          {"Voor de %s zijn er geen acties waarover we u iets vragen.", "There are no actions we need to ask you about for the %s."},
	"answer.goal":             {"Doel", "Goal"},
	"answer.contents":         {"Inhoud", "Contents"},
	"answer.progress":         {"%d van %d ingevuld", "%d of %d answered"},
	"answer.others.one":       {"Eén actie waaraan u bijdraagt", "One action you contribute to"},
	"answer.others.many":      {"%d acties waaraan u bijdraagt", "%d actions you contribute to"},
	"answer.save.goal":        {"Doel %d opslaan", "Save goal %d"},
	"answer.saved.none":       {"Er was niets nieuws om op te slaan.", "There was nothing new to save."},
	"answer.saved.one":        {"Eén antwoord opgeslagen. U kunt verder met het volgende doel of later terugkomen.", "One answer saved. You can go on with the next goal or come back later."},
	"answer.saved.many":       {"%d antwoorden opgeslagen. U kunt verder met het volgende doel of later terugkomen.", "%d answers saved. You can go on with the next goal or come back later."},
	"answer.action":           {"Actie", "Action"},
	"answer.answered":         {"ingevuld", "answered"},
	"answer.role":             {"Uw rol", "Your role"},
	"answer.due":              {"Mijlpalen", "Milestones"},
	"answer.overdue":          {"Te laat", "Overdue"},
	"answer.ongoing.term":     {"Doorlopend", "Ongoing"},
	"answer.ongoing":          {"Deze actie loopt de hele periode door.", "This action runs throughout the period."},
	"answer.last":             {"Laatste antwoord", "Last answer"},
	"answer.via":              {"via", "via"},
	"answer.last.none":        {"Nog geen antwoord.", "No answer yet."},
	"answer.status.legend":    {"Status van actie %s", "Status of action %s"},
	"answer.error":            {"Fout", "Error"},
	"answer.toelichting":      {"Toelichting bij actie %s (niet verplicht)", "Explanation for action %s (optional)"},
	"answer.toelichting.hint": {"Wat is er bereikt, wat loopt vertraging op en waarom?", "What has been achieved, what is delayed and why?"},
	"answer.target":           {"Streefwaarde", "Target"},
	"answer.previous":         {"Vorige waarde", "Previous value"},
	"answer.submit":           {"Antwoorden opslaan", "Save answers"},
	"answer.submit.hint": {"Acties zonder status worden overgeslagen; u kunt ze later invullen.",
		"Actions without a status are skipped; you can fill them in later."},

	"thanks.title":         {"Bedankt – voortgang %s", "Thank you – progress %s"},
	"thanks.saved":         {"Bedankt, uw antwoorden zijn opgeslagen.", "Thank you, your answers have been saved."},
	"thanks.unchanged":     {"Er was niets gewijzigd sinds uw vorige antwoorden; er is niets nieuws opgeslagen.", "Nothing had changed since your previous answers; nothing new was saved."},
	"thanks.recorded":      {"Dit hebben we genoteerd voor de %s", "This is what we recorded for the %s"},
	"thanks.status":        {"Status", "Status"},
	"thanks.toelichting":   {"Toelichting", "Explanation"},
	"thanks.nothing":       {"Voor de %s is nog niets ingevuld.", "Nothing has been filled in for the %s yet."},
	"thanks.remaining":     {"Aantal acties nog zonder antwoord: %d.", "Actions still without an answer: %d."},
	"thanks.change":        {"U kunt uw antwoorden wijzigen tot en met %s.", "You can change your answers until %s."},
	"thanks.change.nodate": {"U kunt uw antwoorden nog wijzigen.", "You can still change your answers."},
	"thanks.mail":          {"U ontvangt ook een bevestiging per e-mail.", "You will also receive a confirmation by email."},
	"thanks.back":          {"Terug naar het formulier", "Back to the form"},
	"thanks.closed":        {"De termijn liep tot en met %s; wijzigen kan niet meer.", "The deadline was %s; answers can no longer be changed."},
	"thanks.closed.nodate": {"Wijzigen kan niet meer.", "Answers can no longer be changed."},

	"source.formulier":   {"formulier", "form"},
	"source.e-mail":      {"e-mail", "email"},
	"source.Slack":       {"Slack", "Slack"},
	"source.coördinator": {"coördinator", "coordinator"},
}

// label returns the text of key in lang. A missing key shows as itself in brackets, so it is
// visible in review; a test checks that every key the templates use exists.
func label(key, lang string) string {
	l, ok := labels[key]
	if !ok {
		return "[" + key + "]"
	}
	if i18n.Lang(lang) == i18n.English {
		return l[1]
	}
	return l[0]
}

// sourceLabel names where an answer came from ("formulier", "e-mail" …) in lang.
func sourceLabel(source, lang string) string {
	if _, ok := labels["source."+source]; ok {
		return label("source."+source, lang)
	}
	return source
}
