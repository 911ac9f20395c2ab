package io.datastreamscaling.local.process;

import io.datastreamscaling.consumer.ConsumerService;

/**
 * One consumer of a run, whether in the launcher's JVM or a child JVM of its own (under
 * {@code --chaos}, where it must be SIGKILLable): what the status line, the drain and the summary read.
 */
public interface ConsumerInstance extends AutoCloseable {
    int httpPort();

    /** Orders the sink made durable (processed), over every incarnation. */
    long consumed();

    long deadLettered();

    long totalLag();

    /** An orderly stop: the final commit, then the group is left. */
    @Override
    void close();

    static ConsumerInstance inProcess(ConsumerService service) {
        return new ConsumerInstance() {
            @Override
            public int httpPort() {
                return service.httpPort();
            }

            @Override
            public long consumed() {
                return service.consumed();
            }

            @Override
            public long deadLettered() {
                return service.deadLettered();
            }

            @Override
            public long totalLag() {
                return service.totalLag();
            }

            @Override
            public void close() {
                service.close();
            }
        };
    }

    /** A consumer child JVM, read through its {@code /metrics} (the meters the in-process service counts with). */
    static ConsumerInstance child(ChildService child) {
        return new ConsumerInstance() {
            @Override
            public int httpPort() {
                return child.port();
            }

            @Override
            public long consumed() {
                return child.total("orders_consumed_total", "outcome", "processed");
            }

            @Override
            public long deadLettered() {
                return child.total("dlq_records_total", null, null);
            }

            @Override
            public long totalLag() {
                return child.gauge("consumer_lag_records");
            }

            @Override
            public void close() {
                child.stop();
            }
        };
    }
}
