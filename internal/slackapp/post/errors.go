package post

import (
	"errors"
	"fmt"
)

// Code names why a call to Slack failed, so that callers can branch on it:
// Slack's own error string when Slack gave one, or one of the codes below.
type Code string

// The codes callers branch on.
const (
	// The bot cannot post in the channel: pause what posts there.
	CodeNotInChannel    Code = "not_in_channel"
	CodeChannelNotFound Code = "channel_not_found"
	CodeIsArchived      Code = "is_archived"
	// The token no longer works: stop all posting until reinstalled.
	CodeInvalidAuth     Code = "invalid_auth"
	CodeAccountInactive Code = "account_inactive"
	CodeTokenRevoked    Code = "token_revoked"
	// CodeRateLimited: Slack still refused for rate limits after every retry.
	CodeRateLimited Code = "rate_limited"
	// CodeUnknownOutcome: the request may or may not have been posted, and
	// the channel's history could not tell. Posting again could duplicate.
	CodeUnknownOutcome Code = "unknown_outcome"
	// CodeNotSent: Slack could not be reached; nothing was posted.
	CodeNotSent Code = "not_sent"
	// CodeResponseURLExhausted: a response_url was used as often as Slack
	// allows (5 times in 30 minutes).
	CodeResponseURLExhausted Code = "response_url_exhausted"
	// CodeResponseURLExpired: Slack no longer accepts the response_url.
	CodeResponseURLExpired Code = "expired_url"
)

// ChannelUnusable reports whether the code means that nothing can be posted
// to the channel until someone changes it (invites the bot, unarchives it):
// a scheduled digest for it should pause rather than retry.
func (c Code) ChannelUnusable() bool {
	switch c {
	case CodeNotInChannel, CodeChannelNotFound, CodeIsArchived:
		return true
	}
	return false
}

// AuthRevoked reports whether the code means the bot's token no longer
// works anywhere: all posting should stop until the app is reinstalled.
func (c Code) AuthRevoked() bool {
	switch c {
	case CodeInvalidAuth, CodeAccountInactive, CodeTokenRevoked:
		return true
	}
	return false
}

// Error is a failed call to Slack. Callers get it with errors.As, branch on
// Code, and show Message to the user; Error() is for logs.
type Error struct {
	Code Code
	// Method is the Web API method ("chat.postMessage") or "response_url".
	Method string
	// Channel is the channel ID, "" when the call had none.
	Channel string
	Err     error
}

func (e *Error) Error() string {
	where := e.Method
	if e.Channel != "" {
		where += " " + e.Channel
	}
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", where, e.Code, e.Err)
	}
	return fmt.Sprintf("%s: %s", where, e.Code)
}

func (e *Error) Unwrap() error { return e.Err }

// ChannelUnusable reports whether e means the channel cannot be posted to
// (see Code.ChannelUnusable). Callers that know no Code can test for it
// with an interface of this one method.
func (e *Error) ChannelUnusable() bool { return e.Code.ChannelUnusable() }

// AuthRevoked reports whether e means the token no longer works.
func (e *Error) AuthRevoked() bool { return e.Code.AuthRevoked() }

// Message is a sentence a Slack user can act on.
func (e *Error) Message() string {
	switch e.Code {
	case CodeNotInChannel:
		return "I'm not a member of that channel. Invite me with /invite and try again."
	case CodeChannelNotFound:
		return "I can't find that channel. It may have been deleted, or it is private and I haven't been invited."
	case CodeIsArchived:
		return "That channel is archived, so I can't post there."
	case CodeInvalidAuth, CodeAccountInactive, CodeTokenRevoked:
		return "Summit Digest has lost access to this workspace. An admin needs to reinstall the app."
	case CodeRateLimited:
		return "Slack is limiting how fast I can post right now. Please try again in a minute."
	case CodeUnknownOutcome:
		return "Slack didn't confirm whether the message was posted. Check the channel before trying again."
	case CodeNotSent:
		return "I couldn't reach Slack, so nothing was posted. Please try again in a moment."
	case CodeResponseURLExhausted:
		return "I've already answered this command as often as Slack allows. Run the command again for a fresh answer."
	case CodeResponseURLExpired:
		return "The time to answer this command has run out. Run the command again."
	}
	return fmt.Sprintf("Slack refused the message (%s). Please try again, and tell an admin if it keeps happening.", e.Code)
}

// CodeOf returns the Code of err when it is or wraps an *Error, else "".
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
