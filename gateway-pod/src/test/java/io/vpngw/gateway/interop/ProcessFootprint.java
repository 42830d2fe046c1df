package io.vpngw.gateway.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's memory from outside it, without JMX: resident memory from
 * {@code /proc/PID/status}, CPU time from {@code /proc/PID/stat}, and the heap from
 * {@code jcmd PID GC.heap_info} (after {@code jcmd PID GC.run} for the heap in use after a full
 * collection). jcmd attaches through the JVM's socket in /tmp, which a process started with
 * {@code ip netns exec} shares with the host.
 */
final class ProcessFootprint {
    /**
     * "DefNew total 19648K, used 7402K", "Tenured total 43712K, used 2355K",
     * "garbage-first heap total reserved 65536K, committed 65536K, used 12277K" (JDK 25).
     */
    private static final Pattern HEAP_SPACE = Pattern.compile(
            "^(\\S[^\\n]*?)\\s+total (?:reserved \\d+K, committed )?(\\d+)K, used (\\d+)K", Pattern.MULTILINE);
    /** The serial and parallel young generations' "total" leaves out the empty survivor space, which is committed too. */
    private static final Pattern TO_SPACE = Pattern.compile("^\\s+to\\s+space (\\d+)K", Pattern.MULTILINE);
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(30);
    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on Linux. */
    private static final double CLOCK_TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final String jcmd;

    ProcessFootprint(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** The heap (all generations), committed and in use, in KiB. */
    record Heap(long committedKib, long usedKib) {}

    /** Memory of the process from /proc, in KiB. */
    record Resident(long rssKib, long peakRssKib, int threads) {}

    /** The heap as it is now, without a collection. */
    Heap heap() {
        return parseHeapInfo(run("GC.heap_info"));
    }

    /** A full collection first, then the heap: what is live. */
    Heap heapAfterFullGc() {
        run("GC.run");
        return heap();
    }

    Resident resident() {
        Map<String, String> status = procStatus();
        return new Resident(kib(status, "VmRSS"), kib(status, "VmHWM"), Integer.parseInt(status.get("Threads").strip()));
    }

    /** User + system CPU the process has used so far, in seconds. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: fields count from after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    static Heap parseHeapInfo(String output) {
        long committed = 0;
        long used = 0;
        Matcher spaces = HEAP_SPACE.matcher(output);
        while (spaces.find()) {
            if (!spaces.group(1).startsWith("Metaspace")) {
                committed += Long.parseLong(spaces.group(2));
                used += Long.parseLong(spaces.group(3));
            }
        }
        if (committed == 0) {
            throw new IllegalStateException("no heap figures in GC.heap_info:\n" + output);
        }
        Matcher toSpace = TO_SPACE.matcher(output);
        while (toSpace.find()) {
            committed += Long.parseLong(toSpace.group(1));
        }
        return new Heap(committed, used);
    }

    private String run(String command) {
        CommandResult result = Commands.run(List.of(jcmd, Long.toString(pid), command), Map.of(), JCMD_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + result.describe());
        }
        return result.stdout();
    }

    private Map<String, String> procStatus() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.indexOf(':') > 0)
                    .collect(java.util.stream.Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                            line -> line.substring(line.indexOf(':') + 1), (a, b) -> a));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
        }
    }

    private static long kib(Map<String, String> status, String key) {
        String value = status.get(key);
        if (value == null || !value.strip().endsWith("kB")) {
            throw new IllegalStateException("/proc status without " + key + ": " + status);
        }
        return Long.parseLong(value.strip().replace(" kB", "").strip());
    }
}
