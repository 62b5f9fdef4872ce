package results

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"time"
)

// Journal is an append-only file of finished runs, rendered: a campaign
// adds each run as it finishes, so that an interrupted campaign keeps every
// finished run and, reopened, knows what is left to do. Each run is one
// frame (magic, length, CRC-32C, payload) written with one write call; a
// frame cut short by a kill or a full disk fails its check when the
// journal is reopened and is dropped with whatever follows it, so the
// journal never yields half a run. A run may also be recorded as failed,
// with its error, and a later frame for the same run replaces an earlier
// one (a retried failure).
type Journal struct {
	path    string
	fsys    FS
	f       File
	r       *os.File // reads frames back
	sc      *Schema
	size    int64
	entries map[string]journalEntry
	ids     []string // in the order first added
	dropped int64
	synced  time.Time
}

// journalEntry is where a run's last frame is; memory holds no more of a
// run than this, so that a campaign's memory does not grow with its runs.
type journalEntry struct {
	off, n int64  // the frame's payload
	failed string // the error of a failed run, "" for a done one
}

const (
	journalMagic = "OJR1"
	frameHead    = 12 // magic, length, checksum
	frameDone    = 1
	frameFailed  = 2
	// maxFrame bounds one run's frame: far above any real run, far below
	// what a damaged length could make a reader allocate.
	maxFrame = 1 << 30
	// syncEvery is how often Add makes the journal durable: a power cut
	// loses at most this much work, and a run's cost stays a write call.
	syncEvery = 2 * time.Second
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// OpenJournal opens the journal at path, creating it if needed, for runs
// of shape sc. It reads what is there, drops a damaged tail (Dropped says
// how many bytes) and positions for appending.
func OpenJournal(fsys FS, path string, sc *Schema) (*Journal, error) {
	j := &Journal{path: path, fsys: fsys, sc: sc, entries: map[string]journalEntry{}, synced: time.Now()}
	f, err := fsys.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("results: journal: %w", err)
	}
	j.f = f
	if j.r, err = os.Open(path); err != nil {
		f.Close()
		return nil, fmt.Errorf("results: journal: %w", err)
	}
	if err := j.load(); err != nil {
		j.Close()
		return nil, err
	}
	return j, nil
}

// load reads every whole frame and truncates the file after the last one.
func (j *Journal) load() error {
	br := bufio.NewReaderSize(j.r, 1<<20)
	var head [frameHead]byte
	off := int64(0)
	for {
		if _, err := io.ReadFull(br, head[:]); err != nil {
			break // end, or a torn header
		}
		n := int64(binary.LittleEndian.Uint32(head[4:8]))
		if string(head[:4]) != journalMagic || n > maxFrame {
			break
		}
		payload := make([]byte, n)
		if _, err := io.ReadFull(br, payload); err != nil || crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(head[8:]) {
			break
		}
		e, id, err := j.decode(payload, off+frameHead)
		if err != nil {
			return fmt.Errorf("results: journal %s: frame at byte %d: %w", j.path, off, err)
		}
		j.note(id, e)
		off += frameHead + n
	}
	st, err := j.r.Stat()
	if err != nil {
		return fmt.Errorf("results: journal: %w", err)
	}
	if st.Size() > off {
		j.dropped = st.Size() - off
		if err := os.Truncate(j.path, off); err != nil {
			return fmt.Errorf("results: journal: %w", err)
		}
	}
	j.size = off
	return nil
}

func (j *Journal) note(id string, e journalEntry) {
	if _, ok := j.entries[id]; !ok {
		j.ids = append(j.ids, id)
	}
	j.entries[id] = e
}

// decode reads a payload found at off: its run id and what it says.
func (j *Journal) decode(payload []byte, off int64) (journalEntry, string, error) {
	e := journalEntry{off: off, n: int64(len(payload))}
	rd := bytes.NewReader(payload)
	kind, _ := rd.ReadByte()
	id, err := readString(rd)
	if err != nil {
		return e, "", err
	}
	switch kind {
	case frameFailed:
		e.failed, err = readString(rd)
		if e.failed == "" && err == nil {
			err = errors.New("a failed run without its error")
		}
		return e, id, err
	case frameDone:
		parts, err := readParts(rd)
		if err != nil {
			return e, id, err
		}
		if len(parts) != partTables+len(j.sc.Tables) {
			return e, id, fmt.Errorf("run %q has %d parts, the schema %d: the journal is of another experiment", id, len(parts), partTables+len(j.sc.Tables))
		}
		rec, err := j.record(parts[partRuns])
		if err == nil && rec.ID != id {
			err = fmt.Errorf("run %q holds the row of run %q", id, rec.ID)
		}
		return e, id, err
	}
	return e, id, fmt.Errorf("unknown frame kind %d", kind)
}

// record parses a run's runs.csv row.
func (j *Journal) record(row []byte) (Record, error) {
	cr := csv.NewReader(bytes.NewReader(row))
	header := runsHeader(j.sc.Params, j.sc.Metrics)
	cr.FieldsPerRecord = len(header)
	cells, err := cr.Read()
	if err != nil {
		return Record{}, err
	}
	p := fields{row: cells, header: header}
	r := parseRecord(&p, j.sc.Params, len(j.sc.Metrics))
	if p.err != "" {
		return r, errors.New(p.err)
	}
	return r, nil
}

func readString(rd *bytes.Reader) (string, error) {
	n, err := binary.ReadUvarint(rd)
	if err != nil || n > uint64(rd.Len()) {
		return "", errors.New("truncated string")
	}
	b := make([]byte, n)
	rd.Read(b)
	return string(b), nil
}

func readParts(rd *bytes.Reader) ([][]byte, error) {
	k, err := binary.ReadUvarint(rd)
	if err != nil || k > 1<<16 {
		return nil, errors.New("bad part count")
	}
	parts := make([][]byte, k)
	for i := range parts {
		n, err := binary.ReadUvarint(rd)
		if err != nil || n > uint64(rd.Len()) {
			return nil, errors.New("truncated part")
		}
		if n > 0 {
			parts[i] = make([]byte, n)
			rd.Read(parts[i])
		}
	}
	return parts, nil
}

// Dropped is how many bytes of a damaged tail OpenJournal dropped: runs
// that were being written when the campaign stopped.
func (j *Journal) Dropped() int64 { return j.dropped }

// Add records a finished run.
func (j *Journal) Add(r *Rendered) error {
	if len(r.parts) != partTables+len(j.sc.Tables) {
		return fmt.Errorf("results: journal: run %q was rendered for another schema", r.Record.ID)
	}
	var b bytes.Buffer
	b.WriteByte(frameDone)
	putString(&b, r.Record.ID)
	putUvarint(&b, uint64(len(r.parts)))
	for _, p := range r.parts {
		putUvarint(&b, uint64(len(p)))
		b.Write(p)
	}
	return j.append(r.Record.ID, b.Bytes(), journalEntry{})
}

// AddFailure records that run id failed with the error msg.
func (j *Journal) AddFailure(id, msg string) error {
	if msg == "" {
		msg = "failed"
	}
	var b bytes.Buffer
	b.WriteByte(frameFailed)
	putString(&b, id)
	putString(&b, msg)
	return j.append(id, b.Bytes(), journalEntry{failed: msg})
}

func putUvarint(b *bytes.Buffer, x uint64) {
	b.Write(binary.AppendUvarint(nil, x))
}

func putString(b *bytes.Buffer, s string) {
	putUvarint(b, uint64(len(s)))
	b.WriteString(s)
}

// append writes one frame. A failed write is cut back off, so that the
// journal stays a sequence of whole frames.
func (j *Journal) append(id string, payload []byte, e journalEntry) error {
	frame := make([]byte, frameHead, frameHead+len(payload))
	copy(frame, journalMagic)
	binary.LittleEndian.PutUint32(frame[4:], uint32(len(payload)))
	binary.LittleEndian.PutUint32(frame[8:], crc32.Checksum(payload, castagnoli))
	frame = append(frame, payload...)
	if _, err := j.f.Write(frame); err != nil {
		os.Truncate(j.path, j.size)
		return fmt.Errorf("results: journal %s: %w", j.path, err)
	}
	e.off, e.n = j.size+frameHead, int64(len(payload))
	j.size += int64(len(frame))
	j.note(id, e)
	if time.Since(j.synced) >= syncEvery {
		return j.Sync()
	}
	return nil
}

// Sync makes every run added so far durable.
func (j *Journal) Sync() error {
	j.synced = time.Now()
	if err := syncOut(j.f); err != nil {
		return fmt.Errorf("results: journal %s: %w", j.path, err)
	}
	return nil
}

// Done reports whether run id finished.
func (j *Journal) Done(id string) bool {
	e, ok := j.entries[id]
	return ok && e.failed == ""
}

// Failed returns the error of run id if its last frame says it failed.
func (j *Journal) Failed(id string) (string, bool) {
	e, ok := j.entries[id]
	return e.failed, ok && e.failed != ""
}

// IDs lists the runs the journal holds, done or failed, in the order they
// were first added.
func (j *Journal) IDs() []string { return j.ids }

// Get reads run id back, as it was added.
func (j *Journal) Get(id string) (*Rendered, error) {
	e, ok := j.entries[id]
	if !ok || e.failed != "" {
		return nil, fmt.Errorf("results: journal %s: run %q is not done: %w", j.path, id, fs.ErrNotExist)
	}
	payload := make([]byte, e.n)
	if _, err := j.r.ReadAt(payload, e.off); err != nil {
		return nil, fmt.Errorf("results: journal %s: %w", j.path, err)
	}
	rd := bytes.NewReader(payload)
	rd.ReadByte()
	if _, err := readString(rd); err != nil {
		return nil, fmt.Errorf("results: journal %s: run %q: %w", j.path, id, err)
	}
	parts, err := readParts(rd)
	if err != nil {
		return nil, fmt.Errorf("results: journal %s: run %q: %w", j.path, id, err)
	}
	rec, err := j.record(parts[partRuns])
	if err != nil {
		return nil, fmt.Errorf("results: journal %s: run %q: %w", j.path, id, err)
	}
	return &Rendered{Record: rec, parts: parts}, nil
}

// Close syncs and closes the journal.
func (j *Journal) Close() error {
	var err error
	if j.f != nil {
		err = syncOut(j.f)
		if cerr := j.f.Close(); err == nil {
			err = cerr
		}
		j.f = nil
	}
	if j.r != nil {
		j.r.Close()
		j.r = nil
	}
	if err != nil {
		return fmt.Errorf("results: journal %s: %w", j.path, err)
	}
	return nil
}
