package slackapp

import "net/http"

// Handler returns the app's HTTP surface: the three endpoints Slack calls,
// each behind request ids, panic recovery and signature verification.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", a.handleCommand)
	mux.HandleFunc("POST /slack/events", a.handleEvent)
	mux.HandleFunc("POST /slack/interactivity", a.handleInteraction)
	return a.withRequestID(a.recoverPanics(a.verifySlack(mux)))
}
