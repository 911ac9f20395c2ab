package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parent pom's shade filter keeps the compression natives of the platforms people run the
 * runnable jars on and drops the rest: a consumer jar without Linux x86-64's zstd or snappy library
 * could not read batches another producer compressed with them there.
 */
class RunnableJarNativesTest {
    private static final List<String> KEPT = List.of(
            "linux/amd64/libzstd-jni-", "linux/aarch64/libzstd-jni-", "darwin/aarch64/libzstd-jni-", "win/amd64/libzstd-jni-",
            "org/xerial/snappy/native/Linux/x86_64/", "org/xerial/snappy/native/Linux/aarch64/", "org/xerial/snappy/native/Mac/aarch64/",
            "net/jpountz/util/linux/amd64/", "net/jpountz/util/darwin/aarch64/");
    private static final List<String> DROPPED = List.of(
            "aix/", "linux/s390x/", "linux/riscv64/", "win/x86/", "org/xerial/snappy/native/SunOS/", "net/jpountz/util/linux/s390x/");

    @ParameterizedTest
    @ValueSource(strings = {"producer/target/producer.jar", "consumer/target/consumer.jar"})
    void keepsTheMainPlatformsNativesAndDropsTheRest(String jar) throws IOException {
        Path path = RunnableJars.built(jar);
        try (ZipFile zip = new ZipFile(path.toFile())) {
            List<String> natives = zip.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".a")).toList();
            for (String kept : KEPT) {
                assertTrue(natives.stream().anyMatch(n -> n.startsWith(kept)), jar + " lacks " + kept);
            }
            for (String dropped : DROPPED) {
                assertEquals(List.of(), natives.stream().filter(n -> n.startsWith(dropped)).toList(), jar + " still carries " + dropped);
            }
        }
    }
}
