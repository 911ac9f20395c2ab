package io.datastreamscaling.bench.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident set size of a process, from {@code /proc/<pid>/status} (Linux); empty elsewhere or once it is gone. */
public final class ProcessRss {
    private ProcessRss() {
    }

    public static OptionalLong bytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(parseKiB(line) * 1024);
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code "VmRSS:\t  123456 kB"} → 123456. */
    static long parseKiB(String line) {
        String value = line.substring("VmRSS:".length()).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
    }

    /**
     * CPU time the process has used so far (user + system, from {@code /proc/<pid>/stat} at the usual
     * 100 ticks per second): on a loaded machine a steadier start-up figure than wall time.
     */
    public static OptionalLong cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // Fields after the command name (which may hold spaces) start after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalLong.of((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
