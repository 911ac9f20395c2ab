package io.datastreamscaling.consumer;

import io.datastreamscaling.consumer.sink.FencedPartitionsException;
import io.datastreamscaling.consumer.sink.OrderBatch;
import io.datastreamscaling.consumer.sink.RejectedOrdersException;
import io.datastreamscaling.consumer.sink.SinkUnavailableException;
import io.datastreamscaling.shared.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A consumer process that dies the hard way, for the crash test: once the file named by
 * {@code CRASH_SIGNAL_FILE} exists, the next batch is committed to the database and then the JVM
 * halts (exit 137) before the loop can commit anything to Kafka. {@link Runtime#halt} runs no
 * shutdown hook, no finally block and sends no LeaveGroup: to Kafka and PostgreSQL it is a
 * {@code kill -9}. {@code THROTTLE_MS} slows each batch down so the process is still mid-stream when
 * the signal comes.
 */
public final class CrashingConsumerMain {
    public static final int EXIT_CODE = 137;

    private CrashingConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        Env env = Env.system();
        Path signal = Path.of(env.required("CRASH_SIGNAL_FILE"));
        long throttleMs = env.longValue("THROTTLE_MS", 0, 0, 10_000);
        ConsumerService service = ConsumerService.start(env, sink -> new ForwardingSink(sink) {
            @Override
            public int write(OrderBatch batch) throws SinkUnavailableException, RejectedOrdersException, FencedPartitionsException {
                pace(throttleMs);
                int rows = delegate.write(batch);
                if (Files.exists(signal)) {
                    Runtime.getRuntime().halt(EXIT_CODE);
                }
                return rows;
            }
        });
        System.exit(service.awaitTermination());
    }

    private static void pace(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
