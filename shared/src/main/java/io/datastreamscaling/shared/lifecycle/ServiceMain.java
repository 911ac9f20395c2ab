package io.datastreamscaling.shared.lifecycle;

import io.datastreamscaling.shared.config.Env;
import io.datastreamscaling.shared.config.InvalidSettingException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every service's {@code main} runs: build the service from the environment, start it, wait
 * until it stops, and turn a shutdown signal (SIGTERM, Ctrl-C) into an orderly stop.
 *
 * <p>A bad setting ends start-up with exactly one line naming the variable and exit code 2; the JVM
 * shutdown hook waits for {@link RunningService#close()} so the final offset commit happens before
 * the process exits.
 */
public final class ServiceMain {
    private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);

    /** Builds a service from its configuration. */
    @FunctionalInterface
    public interface Factory {
        RunningService start(Env env) throws Exception;
    }

    private ServiceMain() {
    }

    /** Runs until the service stops by itself or the JVM is asked to exit; returns the exit code. */
    public static int run(String name, Env env, Factory factory) {
        RunningService service;
        try {
            service = factory.start(env);
        } catch (InvalidSettingException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            log.error("{} failed to start: {}", name, e.toString(), e);
            return 1;
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            log.info("{}: shutdown requested", name);
            service.close();
            closed.countDown();
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = service.awaitTermination();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            // Stopped by itself (fatal error or finished run): close here, the hook will not run.
            service.close();
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook closes the service; wait for it to finish.
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return code;
    }
}
