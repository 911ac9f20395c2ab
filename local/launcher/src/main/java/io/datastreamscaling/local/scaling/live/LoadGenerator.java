package io.datastreamscaling.local.scaling.live;

import io.datastreamscaling.producer.ProducerService;
import io.datastreamscaling.producer.ProducerSettings;
import io.datastreamscaling.shared.config.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays a {@link LoadProfile} with real {@link ProducerService}s: one at the steady rate for the whole
 * profile, and a second one at the burst rate on top of it for the burst. Two services rather than one
 * whose rate changes: the generator's rate is fixed at start, and the overlay keeps the steady stream
 * running through the burst as real traffic would.
 */
final class LoadGenerator implements AutoCloseable {
    enum Phase {
        WARM_UP("warm-up"), BURST("burst"), COOL_DOWN("cool-down"), DONE("drain");

        final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final Env env;
    private final Optional<Path> acknowledgements;
    private final LoadProfile profile;
    private final Duration burstEnds;
    private final Duration profileEnds;
    // Read by the live page's thread while the burst producer is added.
    private final List<ProducerService> producers = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private Optional<ProducerService> burst = Optional.empty();
    private Phase phase = Phase.WARM_UP;
    private long burstEndedNanos;

    private LoadGenerator(Env env, LoadProfile profile, Duration coolDown, Optional<Path> acknowledgements) {
        this.env = env;
        this.acknowledgements = acknowledgements;
        this.profile = profile;
        this.burstEnds = profile.warmUp().plus(profile.burst());
        this.profileEnds = burstEnds.plus(coolDown);
    }

    /**
     * Starts the steady producer.
     *
     * @param env the producer's settings ({@code ORDERS_TOPIC}, {@code HTTP_PORT=0}, …)
     * @param acknowledgements a directory where each producer records the orders its broker acknowledged
     *                         ({@code PRODUCER_VERIFY_FILE}), for the verification at the end; empty: none
     */
    static LoadGenerator start(Env env, LoadProfile profile, Duration coolDown, Optional<Path> acknowledgements) throws IOException {
        LoadGenerator load = new LoadGenerator(env, profile, coolDown, acknowledgements);
        load.producers.add(load.startProducer(profile.steadyRate()));
        return load;
    }

    private ProducerService startProducer(String rate) throws IOException {
        Env producerEnv = env.with(ProducerSettings.PRODUCER_RATE, rate);
        if (acknowledgements.isPresent()) {
            producerEnv = producerEnv.with(ProducerSettings.PRODUCER_VERIFY_FILE,
                    acknowledgements.get().resolve("producer-" + (producers.size() + 1) + ".jsonl").toString());
        }
        return ProducerService.start(producerEnv);
    }

    /** Every producer's HTTP port (for the live page). */
    List<Integer> httpPorts() {
        return producers.stream().map(ProducerService::httpPort).toList();
    }

    Duration totalDuration() {
        return profileEnds;
    }

    /** The profile's clock: zero when the steady producer started. */
    long startNanos() {
        return startNanos;
    }

    /** When the burst's generator stopped ({@link System#nanoTime()}), or 0 before. */
    long burstEndedNanos() {
        return burstEndedNanos;
    }

    /**
     * Moves to the phase the profile's clock is in, starting or stopping the burst; returns it. One
     * step per call, so each phase is seen by at least one tick however late the call comes.
     */
    Phase advance() throws IOException {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (phase == Phase.WARM_UP && elapsed.compareTo(profile.warmUp()) >= 0) {
            ProducerService burster = startProducer(profile.burstRate());
            producers.add(burster);
            burst = Optional.of(burster);
            phase = Phase.BURST;
        } else if (phase == Phase.BURST && elapsed.compareTo(burstEnds) >= 0) {
            burst.ifPresent(ProducerService::stopGenerating);
            burstEndedNanos = System.nanoTime();
            phase = Phase.COOL_DOWN;
        } else if (phase == Phase.COOL_DOWN && elapsed.compareTo(profileEnds) >= 0) {
            stopGenerating();
        }
        return phase;
    }

    Phase phase() {
        return phase;
    }

    /** Stops every generator (each waits for its last send); sends in flight still get acknowledged. */
    void stopGenerating() {
        producers.forEach(ProducerService::stopGenerating);
        phase = Phase.DONE;
    }

    /** Every order sent has been acknowledged or has failed. */
    boolean flushed() {
        return sent() == acknowledged() + failed();
    }

    long sent() {
        return producers.stream().mapToLong(ProducerService::sent).sum();
    }

    long acknowledged() {
        return producers.stream().mapToLong(ProducerService::acknowledged).sum();
    }

    long failed() {
        return producers.stream().mapToLong(ProducerService::failed).sum();
    }

    @Override
    public void close() {
        producers.forEach(ProducerService::close);
    }
}
