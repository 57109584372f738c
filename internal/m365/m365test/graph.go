package m365test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// GraphServer is Microsoft Graph v1.0 for one mailbox, as far as voortgang uses it:
// sendMail with a MIME body, listing a folder's messages (with $filter on
// receivedDateTime, $orderby, $top and $skip paging through @odata.nextLink), fetching a
// message's MIME ($value), moving a message, and finding and creating top-level folders.
// Every request must carry a bearer token the TokenServer issued for the Graph scope.
type GraphServer struct {
	URL     string // the v1.0 base URL
	Mailbox string
	Tokens  *TokenServer

	mu       sync.Mutex
	sent     [][]byte
	refused  [][]byte                // MIME of sendMail requests answered by FailNext
	folders  map[string]*graphFolder // id → folder
	messages map[string]*graphMsg    // id → message
	nextID   int
	throttle []int // statuses (429, 503) to answer the next requests with
	failSend []int // the same, for sendMail requests only
	// RetryAfter is sent with a throttling answer, in seconds.
	RetryAfter int
	requests   []string // method and path of every request, for assertions
	problems   []string
}

type graphFolder struct {
	id, name string
}

type graphMsg struct {
	id       string
	folder   string
	received time.Time
	raw      []byte
}

// NewGraphServer starts the server with the well-known Inbox folder; it stops when the test
// ends.
func NewGraphServer(t testing.TB, tokens *TokenServer, mailbox string) *GraphServer {
	t.Helper()
	g := &GraphServer{Mailbox: mailbox, Tokens: tokens, RetryAfter: 7,
		folders: map[string]*graphFolder{"AAMkInbox": {id: "AAMkInbox", name: "Inbox"}}, messages: map[string]*graphMsg{}}
	srv := httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(srv.Close)
	g.URL = srv.URL + "/v1.0"
	return g
}

// FailNext makes the next requests fail with these statuses (429 and 503 as throttling, with
// Retry-After; any other as it is).
func (g *GraphServer) FailNext(statuses ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.throttle = append(g.throttle, statuses...)
}

// FailSends is FailNext for sendMail requests only.
func (g *GraphServer) FailSends(statuses ...int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.failSend = append(g.failSend, statuses...)
}

// Sent returns the MIME of every message sent, decoded.
func (g *GraphServer) Sent() [][]byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([][]byte(nil), g.sent...)
}

// Refused returns the MIME of the sendMail requests that FailNext refused.
func (g *GraphServer) Refused() [][]byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([][]byte(nil), g.refused...)
}

// Requests lists "METHOD path?query" of every request so far.
func (g *GraphServer) Requests() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.requests...)
}

// Problems lists the requests the server refused as not what Graph documents.
func (g *GraphServer) Problems() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.problems...)
}

// Deliver puts a message into the folder named name (Inbox by default) as received at
// received, and returns its id.
func (g *GraphServer) Deliver(folderName string, raw []byte, received time.Time) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.folderByName(folderName)
	if f == nil {
		panic("m365test: no folder " + folderName)
	}
	g.nextID++
	id := fmt.Sprintf("AAMkMsg%04d", g.nextID)
	g.messages[id] = &graphMsg{id: id, folder: f.id, received: received.UTC().Truncate(time.Second), raw: raw}
	return id
}

// Folder returns the MIME of the messages in the folder with this display name, oldest
// first; ok is false when there is no such folder.
func (g *GraphServer) Folder(name string) (msgs [][]byte, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f := g.folderByName(name)
	if f == nil {
		return nil, false
	}
	for _, m := range g.inFolder(f.id) {
		msgs = append(msgs, m.raw)
	}
	return msgs, true
}

func (g *GraphServer) folderByName(name string) *graphFolder {
	for _, f := range g.folders {
		if strings.EqualFold(f.name, name) {
			return f
		}
	}
	return nil
}

func (g *GraphServer) inFolder(id string) []*graphMsg {
	var list []*graphMsg
	for _, m := range g.messages {
		if m.folder == id {
			list = append(list, m)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if !list[i].received.Equal(list[j].received) {
			return list[i].received.Before(list[j].received)
		}
		return list[i].id < list[j].id
	})
	return list
}

type graphErr struct {
	status     int
	code, msg  string
	retryAfter int
}

func (g *GraphServer) fail(w http.ResponseWriter, e graphErr) {
	if e.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": e.code, "message": e.msg}})
}

func (g *GraphServer) problem(w http.ResponseWriter, status int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	g.problems = append(g.problems, msg)
	g.fail(w, graphErr{status: status, code: "BadRequest", msg: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (g *GraphServer) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.requests = append(g.requests, r.Method+" "+r.URL.RequestURI())
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !g.Tokens.Valid(tok, "https://graph.microsoft.com/.default") {
		g.fail(w, graphErr{status: 401, code: "InvalidAuthenticationToken", msg: "Access token validation failure."})
		return
	}
	isSend := r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/sendMail")
	if len(g.throttle) > 0 || (isSend && len(g.failSend) > 0) {
		var st int
		if isSend && len(g.failSend) > 0 {
			st, g.failSend = g.failSend[0], g.failSend[1:]
		} else {
			st, g.throttle = g.throttle[0], g.throttle[1:]
		}
		if isSend {
			body, _ := io.ReadAll(r.Body)
			raw, _ := base64.StdEncoding.DecodeString(string(body))
			g.refused = append(g.refused, raw)
		}
		g.fail(w, graphErr{status: st, code: "ApplicationThrottled", msg: "Application is over its MailboxConcurrency limit.", retryAfter: g.RetryAfter})
		return
	}
	prefix := "/v1.0/users/" + g.Mailbox
	path := r.URL.EscapedPath()
	unescaped, err := url.PathUnescape(path)
	if err != nil || !strings.HasPrefix(unescaped, prefix+"/") {
		g.fail(w, graphErr{status: 404, code: "ErrorInvalidUser", msg: "The requested user '" + unescaped + "' is invalid."})
		return
	}
	rest := strings.Split(strings.TrimPrefix(unescaped, prefix+"/"), "/")
	switch {
	case r.Method == "POST" && len(rest) == 1 && rest[0] == "sendMail":
		g.sendMail(w, r)
	case r.Method == "GET" && len(rest) == 1 && rest[0] == "mailFolders":
		g.findFolder(w, r)
	case r.Method == "POST" && len(rest) == 1 && rest[0] == "mailFolders":
		g.createFolder(w, r)
	case r.Method == "GET" && len(rest) == 2 && rest[0] == "mailFolders":
		f := g.folders[rest[1]]
		if strings.EqualFold(rest[1], "inbox") {
			f = g.folders["AAMkInbox"]
		}
		if f == nil {
			g.fail(w, graphErr{status: 404, code: "ErrorItemNotFound", msg: "The specified folder could not be found in the store."})
			return
		}
		writeJSON(w, 200, map[string]any{"id": f.id, "displayName": f.name, "totalItemCount": len(g.inFolder(f.id))})
	case r.Method == "GET" && len(rest) == 3 && rest[0] == "mailFolders" && rest[2] == "messages":
		g.list(w, r, rest[1])
	case r.Method == "GET" && len(rest) == 3 && rest[0] == "messages" && rest[2] == "$value":
		m := g.messages[rest[1]]
		if m == nil {
			g.fail(w, graphErr{status: 404, code: "ErrorItemNotFound", msg: "The specified object was not found in the store."})
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		w.Write(m.raw)
	case r.Method == "POST" && len(rest) == 3 && rest[0] == "messages" && rest[2] == "move":
		g.move(w, r, rest[1])
	default:
		g.problem(w, 400, "unexpected request %s %s", r.Method, r.URL.RequestURI())
	}
}

func (g *GraphServer) sendMail(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "text/plain" {
		g.problem(w, 400, "sendMail with MIME needs Content-Type text/plain, got %q", r.Header.Get("Content-Type"))
		return
	}
	body, _ := io.ReadAll(r.Body)
	raw, err := base64.StdEncoding.DecodeString(string(body))
	if err != nil {
		g.fail(w, graphErr{status: 400, code: "ErrorMimeContentInvalidBase64String", msg: "Invalid base64 string for MIME content."})
		return
	}
	if !strings.Contains(string(raw), "\r\nMessage-Id: <") && !strings.HasPrefix(string(raw), "Message-Id: <") {
		g.problem(w, 400, "MIME without a Message-Id header")
		return
	}
	g.sent = append(g.sent, raw)
	w.WriteHeader(http.StatusAccepted)
}

func (g *GraphServer) findFolder(w http.ResponseWriter, r *http.Request) {
	filter := r.URL.Query().Get("$filter")
	name, ok := strings.CutPrefix(filter, "displayName eq '")
	if !ok || !strings.HasSuffix(name, "'") {
		g.problem(w, 400, "folder lookup with $filter %q", filter)
		return
	}
	name = strings.ReplaceAll(strings.TrimSuffix(name, "'"), "''", "'")
	value := []map[string]any{}
	for _, f := range g.folders {
		if f.name == name { // OData eq on strings is case-insensitive in Exchange; voortgang uses the exact name
			value = append(value, map[string]any{"id": f.id, "displayName": f.name})
		}
	}
	writeJSON(w, 200, map[string]any{"value": value})
}

func (g *GraphServer) createFolder(w http.ResponseWriter, r *http.Request) {
	var in struct {
		DisplayName string `json:"displayName"`
	}
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil || in.DisplayName == "" {
		g.problem(w, 400, "createFolder needs a JSON body with displayName")
		return
	}
	if g.folderByName(in.DisplayName) != nil {
		g.fail(w, graphErr{status: 409, code: "ErrorFolderExists", msg: "A folder with the specified name already exists."})
		return
	}
	g.nextID++
	f := &graphFolder{id: fmt.Sprintf("AAMkFolder%04d", g.nextID), name: in.DisplayName}
	g.folders[f.id] = f
	writeJSON(w, 201, map[string]any{"id": f.id, "displayName": f.name})
}

// list answers a folder listing. It pages with $skip in the nextLink, as Graph does for
// messages: whoever moves messages between pages misses some.
func (g *GraphServer) list(w http.ResponseWriter, r *http.Request, folder string) {
	q := r.URL.Query()
	var f *graphFolder
	if strings.EqualFold(folder, "inbox") {
		f = g.folders["AAMkInbox"]
	} else {
		f = g.folders[folder]
	}
	if f == nil {
		g.fail(w, graphErr{status: 404, code: "ErrorItemNotFound", msg: "The specified folder could not be found in the store."})
		return
	}
	var since time.Time
	if filter := q.Get("$filter"); filter != "" {
		v, ok := strings.CutPrefix(filter, "receivedDateTime ge ")
		t, err := time.Parse(time.RFC3339, v)
		if !ok || err != nil {
			g.problem(w, 400, "unexpected $filter %q", filter)
			return
		}
		since = t
		// Graph: with $filter and $orderby, the ordered property must be filtered first.
		if ob := q.Get("$orderby"); ob != "" && !strings.HasPrefix(ob, "receivedDateTime") {
			g.fail(w, graphErr{status: 400, code: "InefficientFilter", msg: "The restriction or sort order is too complex for this operation."})
			return
		}
	}
	if ob := q.Get("$orderby"); ob != "" && ob != "receivedDateTime asc" {
		g.problem(w, 400, "unexpected $orderby %q", ob)
		return
	}
	top, _ := strconv.Atoi(q.Get("$top"))
	if top <= 0 {
		top = 10
	}
	skip, _ := strconv.Atoi(q.Get("$skip"))
	var match []*graphMsg
	for _, m := range g.inFolder(f.id) {
		if !m.received.Before(since) {
			match = append(match, m)
		}
	}
	value := []map[string]any{}
	for i := skip; i < len(match) && i < skip+top; i++ {
		m := match[i]
		value = append(value, map[string]any{"id": m.id, "receivedDateTime": m.received.Format(time.RFC3339),
			"internetMessageId": "<" + m.id + "@test>"})
	}
	out := map[string]any{"value": value}
	if skip+top < len(match) {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("$skip", strconv.Itoa(skip+top))
		out["@odata.nextLink"] = "http://" + r.Host + r.URL.Path + "?" + nq.Encode()
	}
	writeJSON(w, 200, out)
}

func (g *GraphServer) move(w http.ResponseWriter, r *http.Request, id string) {
	var in struct {
		DestinationID string `json:"destinationId"`
	}
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&in) != nil {
		g.problem(w, 400, "move needs a JSON body with destinationId")
		return
	}
	m := g.messages[id]
	if m == nil {
		g.fail(w, graphErr{status: 404, code: "ErrorItemNotFound", msg: "The specified object was not found in the store."})
		return
	}
	if g.folders[in.DestinationID] == nil {
		g.fail(w, graphErr{status: 404, code: "ErrorItemNotFound", msg: "The specified folder could not be found."})
		return
	}
	// Graph gives the moved message a new id.
	delete(g.messages, id)
	g.nextID++
	m.id = fmt.Sprintf("AAMkMsg%04d", g.nextID)
	m.folder = in.DestinationID
	g.messages[m.id] = m
	writeJSON(w, 201, map[string]any{"id": m.id, "parentFolderId": m.folder})
}
