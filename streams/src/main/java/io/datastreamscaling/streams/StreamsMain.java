package io.datastreamscaling.streams;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.lifecycle.ServiceMain;

/** Runs the streams service against the environment's settings (localhost:9092 by default). */
public final class StreamsMain {
    private StreamsMain() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run(StreamsService.NAME, Env.system(), StreamsService::start));
    }
}
