package io.datastreamscaling.bench.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessRssTest {
    @Test
    void parsesTheKibibytesOfAProcStatusLine() {
        assertEquals(123_456, ProcessRss.parseKiB("VmRSS:\t  123456 kB"));
    }

    @Test
    void ownRssIsReadOnLinux() {
        assumeTrue(Files.exists(Path.of("/proc/self/status")), "no /proc on this system");

        assertTrue(ProcessRss.bytes(ProcessHandle.current().pid()).orElse(0) > 1024 * 1024);
    }
}
