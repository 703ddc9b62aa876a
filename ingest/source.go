package ingest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// bufSize is the size of the read buffer over the source: large, so that a
// file or a network body is read in few system calls.
const bufSize = 1 << 20

// bufPool recycles the large read buffers: an Input takes one or two and
// gives them back on Close.
var bufPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, bufSize) }}

// getBuf returns a pooled bufio.Reader of bufSize reading r.
func getBuf(r io.Reader) *bufio.Reader {
	br := bufPool.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// putBuf returns br to the pool; nil is ignored.
func putBuf(br *bufio.Reader) {
	if br != nil {
		br.Reset(nil)
		bufPool.Put(br)
	}
}

// sniffLen is how many bytes of the source (and of a decompressed stream) are
// read up front to detect the format.
const sniffLen = 4096

// source is where the bytes come from.
type source struct {
	r      io.Reader   // the stream, positioned at its start
	ra     io.ReaderAt // non-nil if the source can be read at offsets
	base   int64       // offset in ra of the stream's first byte
	size   int64       // bytes in the source, or -1 if unknown
	closer io.Closer   // closed by Input.Close; nil for a caller's reader
}

// counter counts the bytes read from the source into n, checks the context
// before each read and remembers the first error other than io.EOF, so that
// errors surfacing through decompressors can be told apart from bad data.
type counter struct {
	ctx context.Context
	r   io.Reader
	n   *atomic.Int64
	err error
}

func (c *counter) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		c.fail(err)
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	if err != nil && err != io.EOF {
		c.fail(err)
	}
	return n, err
}

func (c *counter) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// counterAt is counter for an io.ReaderAt. It is used from one goroutine at
// a time, like the rest of an Input.
type counterAt struct {
	ctx  context.Context
	ra   io.ReaderAt
	base int64
	n    *atomic.Int64
	err  error
}

func (c *counterAt) ReadAt(p []byte, off int64) (int, error) {
	if err := c.ctx.Err(); err != nil {
		c.fail(err)
		return 0, err
	}
	if off < 0 {
		// A bad offset in the data (a zip record pointing before the start
		// of the archive), not a failure of the source.
		return 0, fmt.Errorf("%w: offset %d before the start of the input", ErrCorrupt, off)
	}
	n, err := c.ra.ReadAt(p, c.base+off)
	c.n.Add(int64(n))
	if err != nil && err != io.EOF {
		c.fail(err)
	}
	return n, err
}

func (c *counterAt) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// prefixReader returns pre, then reads from r; a nil r is at its end.
type prefixReader struct {
	pre []byte
	r   io.Reader
	err error // returned after pre instead of reading r, when r failed as it filled pre
}

func (p *prefixReader) Read(b []byte) (int, error) {
	if len(p.pre) > 0 {
		n := copy(b, p.pre)
		p.pre = p.pre[n:]
		return n, nil
	}
	if p.err != nil {
		return 0, p.err
	}
	if p.r == nil {
		return 0, io.EOF
	}
	return p.r.Read(b)
}

// sniff reads up to sniffLen bytes from r and returns them with a
// prefixReader that replays them before the rest of r. Reaching the end of r
// is not an error; any other error is returned as is (so a decompressor's
// io.ErrUnexpectedEOF stays an error), unless it came with the bytes that
// filled the buffer: then the prefixReader returns it after them, as r
// would have, so that the bytes before an error are read whatever the sizes
// of the reads that brought them (with read-ahead, they arrive apart).
func sniff(r io.Reader) ([]byte, *prefixReader, error) {
	buf := make([]byte, sniffLen)
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return buf[:n], &prefixReader{pre: buf[:n]}, nil
		}
		if err != nil && n == len(buf) {
			return buf, &prefixReader{pre: buf, err: err}, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return buf, &prefixReader{pre: buf, r: r}, nil
}

// openFile opens a regular file, a device or a pipe by path. A directory is
// reported through isDir with a nil source.
func openFile(name string) (src *source, isDir bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, false, err
	}
	if fi.IsDir() {
		f.Close()
		return nil, true, nil
	}
	src = &source{r: f, size: -1, closer: f}
	if fi.Mode().IsRegular() {
		src.ra, src.size = f, fi.Size()
	}
	return src, false, nil
}

// stdinSource wraps the caller's reader. It is seekable when it implements
// io.ReaderAt and io.Seeker and seeking works (a regular file, a
// *bytes.Reader); the part from its current position to its end is used.
func stdinSource(r io.Reader) *source {
	src := &source{r: r, size: -1}
	ra, ok1 := r.(io.ReaderAt)
	sk, ok2 := r.(io.Seeker)
	if !ok1 || !ok2 {
		return src
	}
	if f, ok := r.(*os.File); ok {
		fi, err := f.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return src
		}
	}
	cur, err := sk.Seek(0, io.SeekCurrent)
	if err != nil {
		return src
	}
	end, err := sk.Seek(0, io.SeekEnd)
	if err != nil {
		return src
	}
	if _, err := sk.Seek(cur, io.SeekStart); err != nil || end < cur {
		return src
	}
	src.ra, src.base, src.size = ra, cur, end-cur
	return src
}

// defaultHTTPClient bounds the time to connect and to get the response
// headers, but not the time to read the body: a dump is gigabytes.
var defaultHTTPClient = sync.OnceValue(func() *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   15 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		// The dump's gzip is the file itself, not a Content-Encoding; ask for
		// the bytes as stored so that BytesRead counts what was sent.
		DisableCompression: true,
	}}
})

// redactURL removes a password from a URL for error messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// openURL sends a GET request and returns the body as a stream.
func openURL(ctx context.Context, rawURL string, client *http.Client) (*source, error) {
	if client == nil {
		client = defaultHTTPClient()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	return &source{r: resp.Body, size: resp.ContentLength, closer: resp.Body}, nil
}
