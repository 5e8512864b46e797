package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/summit-digest/summit-digest/internal/store/sqlstore"
)

// maxStmts bounds each read connection's prepared statements. The store's
// queries are a few dozen texts (a name search's text depends on how many
// speakers match); a text past the bound is prepared for its one use.
const maxStmts = 128

// readers is a fixed set of read connections, each with its own prepared
// statements, handed out in turn through a channel.
//
// Parsing a statement was a seventh of a search's time. database/sql's own
// statement cache prepares on whatever connection it grabs, which inside a
// transaction holding the pool's last connection waits for itself; a
// connection that is checked out whole, with the statements prepared on it,
// never needs a second one. The channel also queues waiting readers in
// arrival order, where database/sql wakes a random one.
type readers struct {
	db    *sql.DB
	conns chan *readConn
}

// readConn is one read connection and the statements prepared on it. Only
// the holder of a readConn touches it.
type readConn struct {
	conn  *sql.Conn // nil until first use, and after a failure left it unusable
	stmts map[string]*sql.Stmt
}

func newReaders(db *sql.DB, n int) *readers {
	r := &readers{db: db, conns: make(chan *readConn, n)}
	for range n {
		r.conns <- &readConn{}
	}
	return r
}

// begin checks a connection out and starts a read transaction on it, so
// that the queries of one search see one state of the database.
func (r *readers) begin(ctx context.Context) (*readTx, error) {
	var rc *readConn
	select {
	case rc = <-r.conns:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if rc.conn == nil {
		c, err := r.db.Conn(ctx)
		if err != nil {
			r.conns <- rc
			return nil, describe(err)
		}
		rc.conn, rc.stmts = c, map[string]*sql.Stmt{}
	}
	t := &readTx{r: r, rc: rc}
	if _, err := t.Exec(ctx, `BEGIN`); err != nil {
		t.release(err)
		return nil, err
	}
	return t, nil
}

// close closes the connections that are checked in. One still checked out
// is closed with the pool's *sql.DB; Close is called once the users are done.
func (r *readers) close() error {
	var errs []error
	for range cap(r.conns) {
		select {
		case rc := <-r.conns:
			errs = append(errs, rc.reset())
		default:
		}
	}
	return errors.Join(errs...)
}

// reset closes rc's statements and connection; the next user opens anew.
func (rc *readConn) reset() error {
	if rc.conn == nil {
		return nil
	}
	var errs []error
	for _, s := range rc.stmts {
		errs = append(errs, s.Close())
	}
	errs = append(errs, rc.conn.Close())
	rc.conn, rc.stmts = nil, nil
	return errors.Join(errs...)
}

// stmt returns q prepared on rc, or nil when rc holds maxStmts already.
func (rc *readConn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := rc.stmts[q]; ok {
		return s, nil
	}
	if len(rc.stmts) >= maxStmts {
		return nil, nil
	}
	s, err := rc.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, describe(err)
	}
	rc.stmts[q] = s
	return s, nil
}

// readTx is a read transaction on a checked-out connection; it satisfies
// sqlstore.Tx. Commit or Rollback checks the connection back in.
type readTx struct {
	r    *readers
	rc   *readConn
	once sync.Once
}

func (t *readTx) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	s, err := t.rc.stmt(ctx, q)
	if err != nil {
		return 0, err
	}
	var res sql.Result
	if s != nil {
		res, err = s.ExecContext(ctx, args...)
	} else {
		res, err = t.rc.conn.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, describe(err)
	}
	return res.RowsAffected()
}

func (t *readTx) Query(ctx context.Context, q string, args ...any) (sqlstore.Rows, error) {
	s, err := t.rc.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	if s != nil {
		rows, err = s.QueryContext(ctx, args...)
	} else {
		rows, err = t.rc.conn.QueryContext(ctx, q, args...)
	}
	if err != nil {
		return nil, describe(err)
	}
	return rows, nil
}

func (t *readTx) QueryRow(ctx context.Context, q string, args ...any) sqlstore.Row {
	s, err := t.rc.stmt(ctx, q)
	if err != nil {
		return errRow{err}
	}
	if s != nil {
		return sqlRow{s.QueryRowContext(ctx, args...)}
	}
	return sqlRow{t.rc.conn.QueryRowContext(ctx, q, args...)}
}

// Commit ends the read transaction. A request's deadline does not apply:
// leaving the transaction open would pin an old snapshot of the WAL on a
// connection that goes back to the pool.
func (t *readTx) Commit(ctx context.Context) error {
	_, err := t.Exec(context.WithoutCancel(ctx), `COMMIT`)
	t.release(err)
	if err != nil {
		return fmt.Errorf("end read: %w", err)
	}
	return nil
}

// Rollback ends the read transaction unless Commit did; see Commit.
func (t *readTx) Rollback(ctx context.Context) error {
	var err error
	t.once.Do(func() {
		_, err = t.Exec(context.WithoutCancel(ctx), `ROLLBACK`)
		t.checkIn(err)
	})
	return err
}

// release checks the connection in once, after Commit or a failed begin.
func (t *readTx) release(err error) {
	t.once.Do(func() { t.checkIn(err) })
}

// checkIn returns the connection to the pool; after an error its state is
// unknown (an interrupted statement, a transaction left open), so it is
// closed and the next user opens a fresh one.
func (t *readTx) checkIn(err error) {
	if err != nil {
		t.rc.reset() //nolint:errcheck // the connection is being dropped for an error already reported
	}
	t.r.conns <- t.rc
}

// errRow is a Row whose query could not even be prepared.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
