package slacktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// Ack is a Socket Mode acknowledgement the app sent back for an envelope.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload, nil when the app sent none.
	Payload json.RawMessage
	// Size is the length of the whole ack message on the wire, which Slack
	// caps at 20 KB (larger acks are dropped silently).
	Size int
}

// pingEvery keeps slack-go's client from declaring the connection dead: it
// expects Slack's WebSocket pings at least every 30 s.
const pingEvery = time.Second

// socketHub is the Socket Mode side of the fake: one app connection at a time.
type socketHub struct {
	upgrader websocket.Upgrader

	mu        sync.Mutex
	conn      *websocket.Conn
	writeMu   *sync.Mutex
	connected chan struct{} // closed once a connection said hello
	acks      map[string]Ack
	ackSignal chan struct{} // closed and replaced on every ack
	seq       int
	done      chan struct{}
	closed    bool
	wg        sync.WaitGroup
}

func newSocketHub() *socketHub {
	return &socketHub{
		// slack-go dials with Origin https://api.slack.com, which the
		// default same-origin check refuses on 127.0.0.1.
		upgrader:  websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		connected: make(chan struct{}),
		acks:      make(map[string]Ack),
		ackSignal: make(chan struct{}),
		done:      make(chan struct{}),
	}
}

func (h *socketHub) handleWebSocket(w http.ResponseWriter, r *http.Request) {
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	writeMu := &sync.Mutex{}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		conn.Close()
		return
	}
	if h.conn != nil {
		h.conn.Close()
	}
	h.conn, h.writeMu = conn, writeMu
	h.wg.Add(2)
	h.mu.Unlock()

	hello := map[string]any{
		"type":            "hello",
		"num_connections": 1,
		"connection_info": map[string]string{"app_id": AppID},
		"debug_info":      map[string]any{"host": "slacktest", "approximate_connection_time": 3600},
	}
	writeMu.Lock()
	err = conn.WriteJSON(hello)
	writeMu.Unlock()
	if err == nil {
		h.mu.Lock()
		select {
		case <-h.connected:
		default:
			close(h.connected)
		}
		h.mu.Unlock()
	}
	go h.ping(conn, writeMu)
	go h.read(conn)
}

func (h *socketHub) ping(conn *websocket.Conn, writeMu *sync.Mutex) {
	defer h.wg.Done()
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-h.done:
			return
		case <-t.C:
			writeMu.Lock()
			err := conn.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second))
			writeMu.Unlock()
			if err != nil {
				return
			}
		}
	}
}

func (h *socketHub) read(conn *websocket.Conn) {
	defer h.wg.Done()
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return
		}
		var a struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(msg, &a) != nil || a.EnvelopeID == "" {
			continue
		}
		h.mu.Lock()
		h.acks[a.EnvelopeID] = Ack{EnvelopeID: a.EnvelopeID, Payload: a.Payload, Size: len(msg)}
		close(h.ackSignal)
		h.ackSignal = make(chan struct{})
		h.mu.Unlock()
	}
}

func (h *socketHub) close() {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
		if h.conn != nil {
			h.conn.Close()
		}
	}
	h.mu.Unlock()
	h.wg.Wait()
}

// WaitSocket waits until an app has opened a Socket Mode connection and
// received its hello.
func (s *Server) WaitSocket(timeout time.Duration) error {
	select {
	case <-s.socket.connected:
		return nil
	case <-time.After(timeout):
		return errors.New("slacktest: no Socket Mode connection")
	}
}

// SendEnvelope sends a Socket Mode envelope of type typ ("slash_commands",
// "events_api", "interactive") with payload to the connected app, as Slack
// does, and returns its envelope id.
func (s *Server) SendEnvelope(typ string, payload any) (string, error) {
	h := s.socket
	h.mu.Lock()
	conn, writeMu := h.conn, h.writeMu
	h.seq++
	id := fmt.Sprintf("env-%d", h.seq)
	h.mu.Unlock()
	if conn == nil {
		return "", errors.New("slacktest: no Socket Mode connection")
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("slacktest: encode payload: %w", err)
	}
	msg := map[string]any{
		"type":                     typ,
		"envelope_id":              id,
		"payload":                  json.RawMessage(raw),
		"accepts_response_payload": typ != "events_api",
		"retry_attempt":            0,
	}
	writeMu.Lock()
	defer writeMu.Unlock()
	if err := conn.WriteJSON(msg); err != nil {
		return "", fmt.Errorf("slacktest: send envelope: %w", err)
	}
	return id, nil
}

// WaitAck waits for the app's acknowledgement of envelope id.
func (s *Server) WaitAck(id string, timeout time.Duration) (Ack, error) {
	h := s.socket
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		h.mu.Lock()
		a, ok := h.acks[id]
		signal := h.ackSignal
		h.mu.Unlock()
		if ok {
			return a, nil
		}
		select {
		case <-signal:
		case <-deadline.C:
			return Ack{}, fmt.Errorf("slacktest: no ack for envelope %s within %v", id, timeout)
		}
	}
}
