// Command blaze analyses the crates.io database dump.
//
//	blaze count [flags] INPUT      share of crates whose README says "blazing" or any number
//	blaze convert INPUT --out DIR  every table as Parquet (zstd) or Arrow IPC files
//	blaze gen [flags]              write a deterministic, realistic dump to test and benchmark with
//	blaze version                  version, CPU path and inflate backend
//
// INPUT is db-dump.tar.gz, db-dump.zip, an extracted dump folder, crates.csv (plain, .gz or .zst), "-" for
// standard input, or an http(s) URL. Exit status: 0 success, 1 bad data or failure, 2 bad usage.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// BLAZE_CPUPROFILE=file writes a CPU profile of the run, for engineers (go tool pprof).
	if path := os.Getenv("BLAZE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				defer f.Close()
				defer pprof.StopCPUProfile()
			}
		}
	}
	// BLAZE_TRACE=file writes a runtime execution trace (go tool trace): where workers wait.
	if path := os.Getenv("BLAZE_TRACE"); path != "" {
		if f, err := os.Create(path); err == nil {
			if trace.Start(f) == nil {
				defer f.Close()
				defer trace.Stop()
			}
		}
	}
	// The live heap is small and flat (chunk buffers are recycled), so collecting at every doubling of it
	// only costs stop-the-world pauses: collect at 5x instead, unless the user set GOGC.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if code != 0 {
		pprof.StopCPUProfile()
		os.Exit(code)
	}
}

const usage = `usage: blaze <command> [flags] [args]

commands:
  count INPUT   share of rows whose text matches a pattern (default: the talk's question)
  convert INPUT write every table (or --tables) to Parquet or Arrow IPC files (--to, --out)
  gen           write a deterministic, realistic dump (crates.csv, .csv.gz, db-dump.tar.gz, db-dump.zip)
  version       print the version, the CPU path and the inflate backend

Run 'blaze <command> -h' for a command's flags.
`

// usageError marks errors that exit with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "count":
		err = cmdCount(ctx, args[1:], stdin, stdout, stderr)
	case "convert":
		err = cmdConvert(ctx, args[1:], stdin, stdout, stderr)
	case "gen":
		err = cmdGen(ctx, args[1:], stdout, stderr)
	case "version", "-version", "--version":
		err = cmdVersion(stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "blaze: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		if ue.msg != "" {
			fmt.Fprintf(stderr, "blaze: %s\n", ue.msg)
		}
		return 2
	}
	if errors.Is(err, errBrokenPipe) {
		return 0
	}
	fmt.Fprintf(stderr, "blaze: %v\n", err)
	return 1
}

var errBrokenPipe = errors.New("broken pipe")
