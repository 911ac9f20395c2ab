package io.datastreamscaling.producer;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.lifecycle.ServiceMain;

/** Runs the producer service from the environment; see {@link ProducerSettings} for the variables. */
public final class ProducerMain {
    private ProducerMain() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run("producer", Env.system(), ProducerService::start));
    }
}
