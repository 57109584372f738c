package actionstatus

// Status is the status word an owner gives an action, as a response stores it ("op schema").
// It belongs to the domain, not to a way of answering: the form, the mail parser (package
// inbox) and Slack all end in one of these.
type Status string

// The status words of the programme, which every way of answering maps onto.
const (
	OnTrack    Status = "op schema"
	Delayed    Status = "vertraagd"
	Done       Status = "gereed"
	NotStarted Status = "niet gestart"
	Cancelled  Status = "vervallen"
)

// Statuses are the answers an owner can give about an action, in the order the form shows
// them.
var Statuses = []string{string(OnTrack), string(Delayed), string(Done), string(NotStarted), string(Cancelled)}

// Valid reports whether s is one of Statuses.
func Valid(s string) bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}
