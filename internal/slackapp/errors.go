package slackapp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/slack-go/slack"

	"github.com/summit-digest/summit-digest/internal/slackapp/post"
	"github.com/summit-digest/summit-digest/internal/store"
)

// Codes of the errors shown to users. They also label the outcome metric.
const (
	CodeInvalid     = "invalid"      // the user typed something the bot cannot use
	CodeNotFound    = "not_found"    // no such article, speaker or summit
	CodeUnavailable = "unavailable"  // a feature that is not running here
	CodeFetch       = "fetch_failed" // an article could not be fetched
	CodeSlack       = "slack"        // Slack refused a post (not in channel, …)
	CodeForbidden   = "forbidden"    // the user may not do this
)

// UserError is an error the user is shown: Message is a whole sentence
// written for them. Err, when set, is the cause, for the log.
type UserError struct {
	Code    string
	Message string
	Err     error
}

func (e *UserError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *UserError) Unwrap() error { return e.Err }

// userErrorf returns a UserError with a message built like fmt.Sprintf.
func userErrorf(code, format string, args ...any) *UserError {
	return &UserError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// userMessager is what other packages' errors implement to be shown to
// users without depending on this package (the scheduler's, the fetcher's).
type userMessager interface {
	UserMessage() string
}

// Sentences for the errors that are not the user's doing.
const (
	msgInternal = "Sorry, something went wrong on my side. It has been logged; please try again in a minute."
	msgTimeout  = "Sorry, that took too long and was stopped. Please try again in a minute."
	msgStopped  = "I can't post here any more: the app was uninstalled or its access was revoked."
)

// userMessage maps err to the sentence the user sees, and logs what the user
// is not shown. It is the one place where errors meet users: every reply
// built from an error goes through it. The outcome code labels metrics.
func (a *App) userMessage(log *slog.Logger, err error) (msg, code string) {
	var ue *UserError
	if errors.As(err, &ue) {
		if ue.Err != nil {
			log.Info("user error", slog.String(logKeyCode, ue.Code), slog.Any(logKeyError, ue.Err))
		}
		return ue.Message, ue.Code
	}
	var um userMessager
	if errors.As(err, &um) {
		return um.UserMessage(), CodeInvalid
	}
	if errors.Is(err, ErrStopped) {
		return msgStopped, CodeSlack
	}
	var pe *post.Error
	if errors.As(err, &pe) {
		log.Warn("slack refused a post", slog.Any(logKeyError, err))
		return pe.Message(), CodeSlack
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		if m, ok := slackErrorSentence(se.Err); ok {
			log.Warn("slack refused a call", slog.String(logKeyCode, se.Err))
			return m, CodeSlack
		}
	}
	if m, ok := slackErrorSentence(err.Error()); ok {
		log.Warn("slack refused a call", slog.String(logKeyCode, err.Error()))
		return m, CodeSlack
	}
	if errors.Is(err, store.ErrNotFound) {
		// A store miss that no handler turned into a better sentence.
		return "I couldn't find that. Try `/summit help` to see what I know about.", CodeNotFound
	}
	if errors.Is(err, context.DeadlineExceeded) {
		log.Warn("work timed out", slog.Any(logKeyError, err))
		return msgTimeout, "timeout"
	}
	log.Error("internal error", slog.Any(logKeyError, err))
	return msgInternal, "error"
}

// slackErrorSentence explains the Slack error codes a user can act on.
// slack-go reports them as the bare code in the error's text.
func slackErrorSentence(code string) (string, bool) {
	switch code {
	case "not_in_channel":
		return "I'm not a member of this channel. Invite me with `/invite @Summit Digest` and try again.", true
	case "channel_not_found":
		return "I can't see this channel. If it is private, invite me to it first.", true
	case "is_archived":
		return "This channel is archived, so I can't post in it.", true
	case "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired":
		return "My Slack access isn't working (the token was refused). An admin needs to reinstall the app.", true
	case "ratelimited":
		return "Slack is rate-limiting me right now. Please try again in a minute.", true
	case "msg_too_long":
		return "That answer was too long for one Slack message.", true
	}
	return "", false
}
