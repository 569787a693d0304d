//go:build unix

package bench

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// settle lets the machine calm down before a measure: the kernel writes
// out the dirty pages of the databases written before, which would
// otherwise compete for the CPU, and the Go heap is collected.
func settle() {
	syscall.Sync()
	runtime.GC()
}

// machineCPU returns the CPU time all the machine's CPUs spent busy and
// waiting for I/O since boot, from Linux's /proc/stat; ok is false
// elsewhere. Compared with the process's own usage over the same span, it
// shows how much other programs took.
func machineCPU() (busy, iowait time.Duration, ok bool) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line)
	if len(fields) < 6 || fields[0] != "cpu" {
		return 0, 0, false
	}
	// user nice system idle iowait irq softirq steal ..., in USER_HZ ticks,
	// which Linux fixes at 100 per second for user space.
	const tick = 10 * time.Millisecond
	for i, f := range fields[1:] {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		switch i {
		case 3: // idle
		case 4:
			iowait = time.Duration(n) * tick
		case 8, 9: // guest time, already counted in user
		default:
			busy += time.Duration(n) * tick
		}
	}
	return busy, iowait, true
}

// usage returns the CPU time (user+sys) the process has used so far and
// its peak resident set size in bytes.
func usage() (cpu time.Duration, maxRSS int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if hwm, ok := vmHWM(); ok {
		return cpu, hwm
	}
	maxRSS = int64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		maxRSS *= 1024 // Linux and the BSDs count kilobytes, Darwin bytes
	}
	return cpu, maxRSS
}

// vmHWM reads the peak RSS of the process's memory image from Linux's
// /proc/self/status. Getrusage's Maxrss is not that peak in a child
// process: Linux carries it across execve from the image exec replaced,
// which os/exec shares with the parent, so a child reports the parent's
// peak when it is higher.
func vmHWM() (int64, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range bytes.Lines(status) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(string(bytes.TrimSuffix(bytes.TrimSpace(rest), []byte(" kB"))), 10, 64)
		return kb * 1024, err == nil
	}
	return 0, false
}
