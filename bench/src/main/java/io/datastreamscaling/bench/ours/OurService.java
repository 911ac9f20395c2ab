package io.datastreamscaling.bench.ours;

import io.datastreamscaling.bench.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How one of our services is launched: {@code java -jar <module>/target/<module>.jar} as a user runs
 * it, or, when that jar is not built (the harness test runs before {@code package}), its main class
 * from the bench's own classpath. Which of the two a run used is in the report.
 *
 * <p>Our services log at INFO to stdout, Kafka's clients at WARN: the harness reads our lines
 * ("generator finished: …", "assigned […]", "… HTTP on port …") with the time each arrived.
 */
public record OurService(String name, String jar, String mainClass) {
    public static final OurService PRODUCER = new OurService("producer", "producer/target/producer.jar",
            "io.datastreamscaling.producer.ProducerMain");
    public static final OurService CONSUMER = new OurService("consumer", "consumer/target/consumer.jar",
            "io.datastreamscaling.consumer.ConsumerMain");
    public static final OurService STREAMS = new OurService("streams", "streams/target/streams.jar",
            "io.datastreamscaling.streams.StreamsMain");

    /** A child JVM for this service; fails naming the build command if neither the jar nor the class is there. */
    public ChildJvm jvm(Path projectDir) {
        Path built = projectDir.resolve(jar);
        ChildJvm jvm;
        if (Files.isRegularFile(built)) {
            jvm = ChildJvm.jar(built);
        } else if (onClasspath()) {
            jvm = ChildJvm.mainClass(mainClass);
        } else {
            throw new IllegalStateException(jar + " is not built (under " + projectDir.toAbsolutePath()
                    + "): ./mvnw -pl producer,consumer,bench -am package -DskipTests");
        }
        return jvm.jvmOption("-Dorg.slf4j.simpleLogger.logFile=System.out")
                .jvmOption("-Dorg.slf4j.simpleLogger.log.io.datastreamscaling=info");
    }

    /** {@code java -jar <jar>} or {@code classpath <main class>}: what the report says was measured. */
    public String launchedAs(Path projectDir) {
        return Files.isRegularFile(projectDir.resolve(jar)) ? "java -jar " + jar : onClasspath() ? "classpath " + mainClass : "not built";
    }

    private boolean onClasspath() {
        try {
            Class.forName(mainClass, false, OurService.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
