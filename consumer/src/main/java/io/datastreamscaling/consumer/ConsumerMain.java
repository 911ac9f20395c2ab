package io.datastreamscaling.consumer;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.lifecycle.ServiceMain;

/** Runs the consumer service until SIGTERM/Ctrl-C; see {@link ConsumerSettings} for its variables. */
public final class ConsumerMain {
    private ConsumerMain() {
    }

    public static void main(String[] args) {
        System.exit(ServiceMain.run("consumer", Env.system(), ConsumerService::start));
    }
}
