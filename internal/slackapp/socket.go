package slackapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// maxAckBytes keeps a Socket Mode acknowledgement under Slack's 20 KB cap
// (larger ones are dropped without a word), with room for the envelope.
const maxAckBytes = 20*1024 - 512

// RunSocketMode connects to Slack over Socket Mode and handles what arrives
// with the same code as the HTTP routes, until ctx is done. api must carry
// the app-level token (slack.OptionAppLevelToken); the bot token answers.
// slack-go reconnects by itself; RunSocketMode returns when ctx is done or
// the connection cannot be opened at all (bad token).
func (a *App) RunSocketMode(ctx context.Context, api *slack.Client) error {
	log := a.log.With(slog.String("mode", "socket"))
	smc := socketmode.New(api, socketmode.OptionLog(slog.NewLogLogger(log.Handler(), slog.LevelDebug)))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		a.socketLoop(ctx, smc, log)
	}()
	err := smc.RunContext(ctx)
	cancel()
	<-loopDone
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("socket mode: %w", err)
	}
	return nil
}

// socketLoop handles the client's events until ctx is done, each envelope
// in a goroutine of its own, so that one slow store call does not hold up
// the acknowledgements of the others (Slack wants each within 3 s). It
// returns once those goroutines have.
func (a *App) socketLoop(ctx context.Context, smc *socketmode.Client, log *slog.Logger) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case ev := <-smc.Events:
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if p := recover(); p != nil {
						log.Error("panic in socket mode handler", slog.Any(logKeyPanic, p))
					}
				}()
				a.handleSocketEvent(ctx, smc, log, ev)
			}()
		}
	}
}

func (a *App) handleSocketEvent(ctx context.Context, smc *socketmode.Client, log *slog.Logger, ev socketmode.Event) {
	switch ev.Type {
	case socketmode.EventTypeConnecting:
		log.Info("connecting to slack")
	case socketmode.EventTypeConnected:
		log.Info("connected to slack")
	case socketmode.EventTypeConnectionError, socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeErrorBadMessage:
		log.Warn("socket mode trouble", slog.String(logKeyEventType, string(ev.Type)), slog.Any(logKeyError, ev.Data))
	case socketmode.EventTypeInvalidAuth:
		log.Error("socket mode: the app-level token was refused")
	case socketmode.EventTypeHello, socketmode.EventTypeDisconnect:
		log.Debug("socket mode", slog.String(logKeyEventType, string(ev.Type)))
	case socketmode.EventTypeEventsAPI, socketmode.EventTypeSlashCommand, socketmode.EventTypeInteractive:
		if ev.Request == nil {
			return
		}
		rlog := log.With(slog.String(logKeyRequestID, ev.Request.EnvelopeID))
		rctx, cancel := context.WithTimeout(context.WithValue(ctx, requestLogKey, rlog), ackTimeout)
		defer cancel()
		payload, err := a.socketRequest(rctx, ev)
		if err != nil {
			// No ack: Slack delivers the envelope again.
			rlog.Error("socket mode request", slog.String(logKeyEventType, string(ev.Type)), slog.Any(logKeyError, err))
			return
		}
		if err := smc.AckCtx(rctx, ev.Request.EnvelopeID, payload); err != nil {
			rlog.Error("socket mode ack", slog.Any(logKeyError, err))
		}
	}
}

// socketRequest handles one envelope and returns the ack's payload (nil for none).
func (a *App) socketRequest(ctx context.Context, ev socketmode.Event) (any, error) {
	switch ev.Type {
	case socketmode.EventTypeEventsAPI:
		inner, ok := ev.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return nil, fmt.Errorf("events_api envelope with %T", ev.Data)
		}
		var outer struct {
			EventID string `json:"event_id"`
		}
		if err := json.Unmarshal(ev.Request.Payload, &outer); err != nil {
			return nil, fmt.Errorf("read event id: %w", err)
		}
		return nil, a.acceptEvent(ctx, outer.EventID, inner)
	case socketmode.EventTypeSlashCommand:
		sc, ok := ev.Data.(slack.SlashCommand)
		if !ok {
			return nil, fmt.Errorf("slash_commands envelope with %T", ev.Data)
		}
		req := request{Via: viaSocket, ChannelID: sc.ChannelID, UserID: sc.UserID, Text: sc.Text, ResponseURL: sc.ResponseURL}
		deliver := a.respondTo(sc.ResponseURL)
		r := a.runCommand(ctx, req, deliver)
		now := webhookMessage(r)
		if b, err := json.Marshal(now); err == nil && len(b) <= maxAckBytes {
			return now, nil
		}
		// Too big for an ack: acknowledge empty and answer through response_url.
		if !a.background("ack-overflow", func(ctx context.Context) {
			if err := deliver(ctx, r); err != nil {
				a.logger(ctx).Error("answer through response_url", slog.Any(logKeyError, err))
			}
		}) {
			return noticeAck("I'm restarting. Please try again in a minute."), nil
		}
		return nil, nil
	case socketmode.EventTypeInteractive:
		ic, ok := ev.Data.(slack.InteractionCallback)
		if !ok {
			return nil, fmt.Errorf("interactive envelope with %T", ev.Data)
		}
		a.acceptInteraction(ctx, ic)
		return nil, nil
	}
	return nil, nil
}

func noticeAck(text string) *slack.WebhookMessage { return webhookMessage(noticeReply(text)) }
