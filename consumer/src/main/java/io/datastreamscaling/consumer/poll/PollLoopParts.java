package io.datastreamscaling.consumer.poll;

import io.datastreamscaling.consumer.deadletter.DeadLetterPublisher;
import io.datastreamscaling.consumer.lag.LagReporter;
import io.datastreamscaling.consumer.offsets.OffsetCommits;
import io.datastreamscaling.consumer.offsets.RebalanceHandler;
import io.datastreamscaling.consumer.sink.OrderSink;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What an {@link OrderPollLoop} is made of, built by the service (or a test) and handed over whole.
 *
 * @param consumer        the loop's own client; used only from the loop thread (and {@code wakeup()})
 * @param commits         every offset commit ({@code offsets/})
 * @param retryBackoff    first pause after a sink or dead-letter outage; doubles up to {@code retryBackoffMax}
 * @param closeTimeout    bound for closing the client after the final commit
 * @param onFatal         hears the one-line reason when the loop stops on an error (liveness goes down)
 * @param clock           read once per poll batch: the {@code createdAt} window the batch is decoded against
 */
public record PollLoopParts(
        org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
        String topic,
        OrderSink sink,
        DeadLetterPublisher deadLetters,
        OffsetCommits commits,
        RebalanceHandler rebalance,
        ConsumerMeters meters,
        LagReporter lag,
        Duration retryBackoff,
        Duration retryBackoffMax,
        Duration closeTimeout,
        Consumer<String> onFatal,
        Clock clock) {

    /** The parts with the system clock. */
    public PollLoopParts(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String topic, OrderSink sink,
                         DeadLetterPublisher deadLetters, OffsetCommits commits, RebalanceHandler rebalance, ConsumerMeters meters,
                         LagReporter lag, Duration retryBackoff, Duration retryBackoffMax, Duration closeTimeout,
                         Consumer<String> onFatal) {
        this(consumer, topic, sink, deadLetters, commits, rebalance, meters, lag, retryBackoff, retryBackoffMax, closeTimeout,
                onFatal, Clock.systemUTC());
    }
}
