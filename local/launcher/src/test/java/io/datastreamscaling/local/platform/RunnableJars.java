package io.datastreamscaling.local.platform;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The runnable jars that {@code package} builds before these tests: missing, a CI run fails, a laptop skips with a message. */
final class RunnableJars {
    private RunnableJars() {
    }

    /** {@code jar}: relative to the repository, e.g. {@code producer/target/producer.jar}. */
    static Path built(String jar) {
        Path path = StackFiles.ROOT.resolve(jar);
        if (!Files.isRegularFile(path)) {
            String why = jar + " is not built: run ./mvnw verify (package builds it before these tests)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why); // a laptop that ran `test` without `package`
        }
        return path;
    }
}
