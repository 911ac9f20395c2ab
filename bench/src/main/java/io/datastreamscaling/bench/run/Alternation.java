package io.datastreamscaling.bench.run;

import io.datastreamscaling.bench.contender.Contender;
import io.datastreamscaling.bench.contender.Measurement;
import io.datastreamscaling.bench.contender.RoundContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the contenders of one workload alternately, A B A B …, so that whatever else the shared
 * machine does at the time (another build, the page cache, a GC in the broker) falls on both sides
 * alike. Round 0 is a warm-up whose results are kept but never summarised.
 */
final class Alternation {
    /** Prepares a round for one contender: a fresh topic for producers, the pre-filled topic for consumers. */
    interface RoundSetup {
        RoundContext prepare(Contender contender, int round) throws Exception;
    }

    /** What the topic holds after a round (end offsets). */
    interface TopicCount {
        long records(String topic) throws Exception;
    }

    private final RoundSetup setup;
    private final TopicCount topicCount;
    private final Consumer<RoundResult> progress;

    Alternation(RoundSetup setup, TopicCount topicCount, Consumer<RoundResult> progress) {
        this.setup = setup;
        this.topicCount = topicCount;
        this.progress = progress;
    }

    /** Round {@code round} of every contender, in the given order. */
    List<RoundResult> round(List<Contender> contenders, int round) throws Exception {
        List<RoundResult> results = new ArrayList<>();
        for (Contender contender : contenders) {
            RoundContext context = setup.prepare(contender, round);
            Measurement measurement = contender.run(context);
            RoundResult result = new RoundResult(contender.workload(), contender.name(), contender.reference(),
                    round, context.topic(), measurement, topicCount.records(context.topic()));
            progress.accept(result);
            results.add(result);
        }
        return results;
    }

    /** One warm-up round, then {@code rounds} measured rounds. */
    List<RoundResult> run(List<Contender> contenders, int rounds) throws Exception {
        List<RoundResult> results = new ArrayList<>(round(contenders, 0));
        for (int round = 1; round <= rounds; round++) {
            results.addAll(round(contenders, round));
        }
        return results;
    }
}
