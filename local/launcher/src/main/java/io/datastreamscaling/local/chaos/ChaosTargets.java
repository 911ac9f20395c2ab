package io.datastreamscaling.local.chaos;

import java.util.Random;

/**
 * What {@link ChaosMonkey} acts on: the run's consumer instance(s) and streams app as child JVMs, and the
 * TCP proxy in front of the store. Each method returns a short description for the event list.
 */
public interface ChaosTargets {
    /** SIGKILLs one consumer instance ({@code random} picks which, when there are several). */
    String killConsumer(Random random) throws Exception;

    /** Starts the consumer killed last again, and waits (bounded) until it is ready. */
    String restartConsumer() throws Exception;

    String cutDatabase();

    String restoreDatabase();

    String killStreams() throws Exception;

    String restartStreams() throws Exception;
}
